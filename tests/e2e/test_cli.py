#!/usr/bin/env python3
"""End-to-end tests: the real haven-index and haven-search on temporary
indexes, over small documents written here and over the bundled corpus/."""
import argparse
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Binaries, main, temp_dir  # noqa: E402

B = None
CORPUS = None
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))

NL_RECEPTION = """Opvang tijdens de procedure

Wie in België een verzoek om internationale bescherming indient, heeft recht op materiële
opvang. Fedasil wijst een opvangplaats toe in een opvangcentrum of een individuele woning.
De opvang omvat huisvesting, maaltijden, kledij, medische begeleiding en een klein bedrag
zakgeld per week. Wie de toegewezen plaats niet gebruikt, krijgt code 207 no show en verliest
het recht op financiële steun van het OCMW, maar niet op dringende medische hulp.

Medische kosten

De medische kosten van verzoekers in een opvangcentrum worden door Fedasil gedragen. Een
bezoek aan de huisarts wordt terugbetaald wanneer de verzoeker vooraf een document vraagt.
Voor een tolk kan men bellen naar het nummer 02 555 01 23 tijdens de kantooruren.
"""

EN_WORK = """Working during the asylum procedure

Applicants for international protection may work once four months have passed since their
application was registered, provided that no decision has been taken yet. The permission is
written on the orange card, and it ends when the procedure ends. Seekers who work pay
contributions like any employee, and their income can change what support they receive.
Annex 26quater is given when another country is responsible under the Dublin rules.
"""

RU_APPEAL = """Обжалование решения

Если Генеральный комиссариат отказал в предоставлении убежища, заявитель может подать жалобу
в Совет по спорам об иностранцах. Срок подачи жалобы обычно составляет тридцать дней с момента
получения решения. Её объём не ограничен, но важно приложить все документы и доказательства.
Во время рассмотрения жалобы заявитель сохраняет право на приём и медицинскую помощь.
"""


def write(path, text, mode='w'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def make_docs(root):
    write(os.path.join(root, 'nl', 'opvang.txt'), NL_RECEPTION)
    write(os.path.join(root, 'en', 'work.md'), '# Work\n\n' + EN_WORK)
    write(os.path.join(root, 'ru', 'appeal.txt'), RU_APPEAL)


def hit_docs(answer):
    return [h['doc'] for h in answer['hits']]


class IndexedFixture(unittest.TestCase):
    """One small index shared by the read-only tests of a class."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.dir = tempfile.mkdtemp(prefix='haven-e2e-')
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        cls.docs = os.path.join(cls.dir, 'docs')
        make_docs(cls.docs)
        cls.db = os.path.join(cls.dir, 'db')
        r = B.run_index(cls.db, cls.docs)
        if r.returncode != 0:
            raise AssertionError(f'indexing failed: {r.stdout} {r.stderr}')
        cls.index_output = r.stdout


class TestSearchContract(IndexedFixture):
    def test_json_fields_are_the_contract(self):
        a = B.search_json(self.db, 'opvang')
        self.assertEqual(set(['query', 'total', 'took_ms', 'hits']) - set(a), set())
        self.assertEqual(a['query'], 'opvang')
        self.assertGreater(a['total'], 0)
        self.assertIsInstance(a['took_ms'], float)
        h = a['hits'][0]
        for key in ('rank', 'doc', 'title', 'section', 'lang', 'score', 'snippet', 'text'):
            self.assertIn(key, h)
        self.assertEqual(h['rank'], 1)
        self.assertEqual(h['doc'], 'nl/opvang.txt')
        self.assertEqual(h['lang'], 'nl')
        self.assertIn('<mark>', h['snippet'])
        self.assertNotIn('<mark>', h['text'])

    def test_index_summary(self):
        self.assertRegex(self.index_output, r'files: 3 indexed')
        self.assertRegex(self.index_output, r'passages: [1-9]')
        self.assertIn('compacted', self.index_output)

    def test_diacritics_fold_and_highlight_original(self):
        a = B.search_json(self.db, 'belgie financiele')
        self.assertEqual(a['hits'][0]['doc'], 'nl/opvang.txt')
        snippets = ' '.join(h['snippet'] for h in a['hits'])
        self.assertIn('<mark>België</mark>', snippets + a['hits'][0]['snippet'])

    def test_case_insensitive_highlight_keeps_case(self):
        a = B.search_json(self.db, 'medische KOSTEN')
        self.assertTrue(any('<mark>kosten</mark>' in h['snippet'] or '<mark>Medische</mark>' in h['snippet']
                            for h in a['hits']), a)

    def test_stemming_dutch_english_russian(self):
        self.assertIn('en/work.md', hit_docs(B.search_json(self.db, 'seeker working')))
        self.assertIn('ru/appeal.txt', hit_docs(B.search_json(self.db, 'жалобы')))
        self.assertIn('ru/appeal.txt', hit_docs(B.search_json(self.db, 'жалоба')))

    def test_russian_yo_folds(self):
        self.assertIn('ru/appeal.txt', hit_docs(B.search_json(self.db, 'ее объем')))

    def test_codes_and_phone_numbers(self):
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater'))[:1], ['en/work.md'])
        a = B.search_json(self.db, '02 555 01 23')
        self.assertEqual(a['hits'][0]['doc'], 'nl/opvang.txt')
        self.assertIn('<mark>555</mark>', a['hits'][0]['snippet'])
        self.assertEqual(hit_docs(B.search_json(self.db, 'code 207'))[:1], ['nl/opvang.txt'])

    def test_phrase_exclusion_prefix_and_filters(self):
        self.assertEqual(hit_docs(B.search_json(self.db, '"dringende medische hulp"')), ['nl/opvang.txt'])
        self.assertEqual(hit_docs(B.search_json(self.db, '"hulp dringende medische"')), [])
        self.assertNotIn('nl/opvang.txt', hit_docs(B.search_json(self.db, 'medische -fedasil')))
        self.assertIn('nl/opvang.txt', hit_docs(B.search_json(self.db, 'opvangcentr*')))
        self.assertEqual(set(h['lang'] for h in B.search_json(self.db, 'procedure lang:en')['hits']), {'en'})
        self.assertEqual(set(h['lang'] for h in B.search_json(self.db, 'procedure', '--lang', 'nl')['hits']), {'nl'})
        self.assertEqual(hit_docs(B.search_json(self.db, 'fedasil AND orange')), [])
        self.assertEqual(len(set(hit_docs(B.search_json(self.db, 'fedasil OR orange')))), 2)

    def test_sections_are_kept(self):
        a = B.search_json(self.db, 'huisarts')
        self.assertEqual(a['hits'][0]['section'], 'Medische kosten')

    def test_limit_and_offset(self):
        all_hits = B.search_json(self.db, 'de', '--limit', '100')['hits']
        second = B.search_json(self.db, 'de', '--limit', '1', '--offset', '1')['hits']
        if len(all_hits) >= 2:
            self.assertEqual(len(second), 1)
            self.assertEqual(second[0]['rank'], 2)
            self.assertEqual(second[0]['text'], all_hits[1]['text'])

    def test_text_output(self):
        r = B.run_search(self.db, 'fedasil')
        self.assertEqual(r.returncode, 0)
        self.assertIn('1. ', r.stdout)
        self.assertIn('nl/opvang.txt', r.stdout)
        self.assertIn('[nl]', r.stdout)


THESAURUS = '''# written for these tests
= reception
nl: opvang | materiële opvang
en: reception | reception centre
ru: приём

= appeal
nl: beroep
en: appeal
ru: жалоба | обжалование
'''


class TestAnswersOnTheFirstTry(unittest.TestCase):
    """Spelling, compounds, the thesaurus and --explain, end to end."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.dir = tempfile.mkdtemp(prefix='haven-e2e-')
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        docs = os.path.join(cls.dir, 'docs')
        make_docs(docs)
        write(os.path.join(docs, 'concepts.thes'), THESAURUS)
        cls.db = os.path.join(cls.dir, 'db')
        r = B.run_index(cls.db, docs)
        if r.returncode != 0:
            raise AssertionError(r.stdout + r.stderr)
        cls.index_output = r.stdout

    def test_thesaurus_file_is_found_and_stored(self):
        self.assertIn('thesaurus: 2 concepts', self.index_output)
        self.assertIn('1 skipped', self.index_output)  # the .thes file is no document

    def test_misspelt_word_is_corrected(self):
        a = B.search_json(self.db, 'opvagn')
        self.assertEqual(a['corrected'], 'opvang')
        self.assertTrue(a['corrected_applied'])
        self.assertEqual(a['hits'][0]['doc'], 'nl/opvang.txt')
        a = B.search_json(self.db, 'жолобы')
        self.assertEqual(a['corrected'], 'жалобы')
        self.assertEqual(hit_docs(a)[:1], ['ru/appeal.txt'])
        a = B.search_json(self.db, 'opvagn', '--disable', 'spelling')
        self.assertNotIn('corrected', a)
        self.assertEqual(a['hits'], [])

    def test_correction_is_offered_but_not_forced(self):
        a = B.search_json(self.db, 'medische fedazil')
        self.assertEqual(a['corrected'], 'medische fedasil')
        self.assertFalse(a['corrected_applied'])
        r = B.run_search(self.db, 'medische', 'fedazil')
        self.assertIn('did you mean', r.stdout)

    def test_known_words_are_left_alone(self):
        self.assertNotIn('corrected', B.search_json(self.db, 'opvang'))
        self.assertNotIn('corrected', B.search_json(self.db, 'zzqx'))  # nothing near: no guess

    def test_everyday_words_are_translated_through_the_dictionaries(self):
        # "subsistence" is in no passage and no thesaurus; a FreeDict
        # dictionary (written here) gives its Dutch "zakgeld", which the
        # Dutch note holds
        import base64
        import gzip
        dictd = os.path.join(self.dir, 'dictd')
        os.makedirs(dictd, exist_ok=True)
        alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

        def b64(v):
            out = ''
            while True:
                out = alphabet[v % 64] + out
                v //= 64
                if not v:
                    return out
        body = 'subsistence /səbˈsɪstəns/\n1. zakgeld, levensonderhoud\n'.encode()
        with gzip.open(os.path.join(dictd, 'freedict-eng-nld.dict.dz'), 'wb') as f:
            f.write(body)
        write(os.path.join(dictd, 'freedict-eng-nld.index'), f'subsistence\t{b64(0)}\t{b64(len(body))}\n')
        env = dict(os.environ, HAVEN_DICTD_DIR=dictd)
        run = lambda *args: json.loads(subprocess.run(
            [B.search, '--db', self.db, '--json', '--explain', *args], env=env,
            capture_output=True, text=True, timeout=60).stdout)
        a = run('subsistence')
        self.assertEqual(hit_docs(a), ['nl/opvang.txt'])
        self.assertEqual(a['explain']['expansions'],
                         [{'source': 'dictionary', 'from': 'subsistence',
                           'to': 'zakgeld, levensonderhoud'}])
        self.assertIn({'word': 'zakgeld', 'form': 'exact', 'via': 'dictionary'},
                      a['hits'][0]['explain']['matched'])
        self.assertNotIn('corrected', a)  # a dictionary word is no misspelling
        self.assertEqual(hit_docs(run('--disable', 'dictionary', 'subsistence')), [])

    def test_a_thesaurus_word_is_no_misspelling(self):
        # "залог" (a deposit) is in no passage, "закон" (a law) is, one letter
        # away; the thesaurus knows "залог" and finds the Dutch passage
        docs = os.path.join(self.dir, 'deposit')
        write(os.path.join(docs, 'nl', 'waarborg.txt'),
              'Huurwaarborg\n\nHet OCMW kan de huurwaarborg voorschieten voor een woning.\n')
        write(os.path.join(docs, 'ru', 'zakon.txt'),
              'Закон\n\nЗакон об иностранцах определяет право на пребывание в стране.\n')
        write(os.path.join(docs, 'deposit.thes'),
              '= rent-deposit\nnl: huurwaarborg\nen: rent deposit\nru: залог\n')
        db = os.path.join(self.dir, 'deposit-db')
        r = B.run_index(db, docs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        a = B.search_json(db, 'залог')
        self.assertNotIn('corrected', a)
        self.assertEqual(hit_docs(a), ['nl/waarborg.txt'])

    def test_thesaurus_crosses_languages_below_literal_matches(self):
        a = B.search_json(self.db, 'reception', '--limit', '20')
        self.assertIn('nl/opvang.txt', hit_docs(a))
        a = B.search_json(self.db, 'reception', '--disable', 'thesaurus')
        self.assertNotIn('nl/opvang.txt', hit_docs(a))
        a = B.search_json(self.db, 'appeal decision')
        self.assertIn('ru/appeal.txt', hit_docs(a))

    @unittest.skipUnless(os.path.exists('/usr/share/dict/dutch'), 'needs the wdutch word list')
    def test_compound_found_from_its_parts_and_back(self):
        self.assertIn('nl/opvang.txt', hit_docs(B.search_json(self.db, 'opvang centrum', '--disable', 'thesaurus')))
        a = B.search_json(self.db, 'opvang centrum')
        self.assertIn('<mark>opvangcentrum</mark>', ' '.join(h['snippet'] for h in a['hits']))

    def test_explain_says_why(self):
        a = B.search_json(self.db, 'reception', '--explain', '--limit', '20')
        self.assertIn('query', a['explain'])
        self.assertEqual(a['explain']['expansions'][0]['source'], 'thesaurus')
        nl = [h for h in a['hits'] if h['doc'] == 'nl/opvang.txt'][0]
        vias = {m['via'] for m in nl['explain']['matched']}
        self.assertEqual(vias, {'thesaurus'})
        en = B.search_json(self.db, 'seekers', '--explain')['hits'][0]
        self.assertIn({'word': 'seeker', 'form': 'stem', 'via': 'typed'}, en['explain']['matched'])
        r = B.run_search(self.db, '--explain', 'reception')
        self.assertIn('thesaurus: reception -> reception', r.stdout)
        self.assertIn('matched:', r.stdout)

    def test_explain_says_how_much_of_the_query_a_passage_answers(self):
        # the Dutch note holds "opvang" and "centrum" (a compound), the
        # Russian one neither
        a = B.search_json(self.db, 'opvang centrum beroep', '--explain', '--limit', '20')
        cover = {h['doc']: h['explain']['coverage'] for h in a['hits']}
        self.assertGreater(cover['nl/opvang.txt'], 0.3)
        self.assertLess(cover['nl/opvang.txt'], 1.0)
        self.assertTrue(all(0.0 < c <= 1.0 for c in cover.values()), cover)
        r = B.run_search(self.db, '--explain', 'opvang centrum beroep')
        self.assertRegex(r.stdout, r'answers \d+% of the query')
        plain = B.search_json(self.db, 'opvang centrum beroep')
        self.assertNotIn('explain', plain['hits'][0])


    def test_a_question_of_time_ranks_passages_that_name_a_time_higher(self):
        # the Russian note says "тридцать дней": a question asking when or
        # how long raises it by HV_ANSWER_BOOST, and --explain says why
        q = 'когда подать жалобу на отказ'
        a = B.search_json(self.db, q, '--explain')
        ru = [h for h in a['hits'] if h['doc'] == 'ru/appeal.txt'][0]
        kinds = [m for m in ru['explain']['matched'] if m['via'] == 'answer kind']
        self.assertEqual(len(kinds), 1, ru['explain']['matched'])
        off = B.search_json(self.db, q, '--explain', '--disable', 'answer-kind')
        ru_off = [h for h in off['hits'] if h['doc'] == 'ru/appeal.txt'][0]
        self.assertNotIn('answer kind', {m['via'] for m in ru_off['explain']['matched']})
        self.assertAlmostEqual(ru['score'] / ru_off['score'], 1.3, places=3)
        # the same words, not asked as a question of time: no boost
        plain = B.search_json(self.db, 'подать жалобу на отказ', '--explain')
        ru_plain = [h for h in plain['hits'] if h['doc'] == 'ru/appeal.txt'][0]
        self.assertNotIn('answer kind', {m['via'] for m in ru_plain['explain']['matched']})


class TestBadQueries(IndexedFixture):
    def stdin_answers(self, data):
        r = B.run_search(self.db, '--json', '--stdin', input=data, text=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.decode('utf-8').splitlines()
        return [json.loads(l) for l in lines]

    def test_stream_goes_on_after_bad_queries(self):
        queries = [b'', b'   ', b'de het een', b'AND OR - * ""', b'"unbalanced opvang',
                   b'fedasil\x00opvang', b'\xff\xfe opvang \xc3', b'opvang' * 3 + b' ' + b'x' * (1 << 20),
                   b'fedasil']
        answers = self.stdin_answers(b'\n'.join(queries) + b'\n')
        self.assertEqual(len(answers), len(queries))
        self.assertIn('error', answers[0])
        self.assertEqual(answers[0]['hits'], [])
        self.assertIn('error', answers[1])
        self.assertNotIn('error', answers[2])       # only stopwords: still searched
        self.assertIn('error', answers[3])          # only operators
        self.assertGreater(answers[4]['total'], 0)  # unbalanced quote read literally
        self.assertGreater(answers[5]['total'], 0)  # NUL byte
        self.assertGreater(answers[6]['total'], 0)  # invalid UTF-8
        self.assertTrue(answers[7].get('truncated'))
        self.assertGreater(answers[8]['total'], 0)

    def test_random_queries_each_get_one_answer(self):
        # Seeded, so a failure repeats: random bytes, operator soup and
        # repeated pieces, each line answered with one JSON object and the
        # stream ending normally (a crash or a hang would not).
        import random
        rng = random.Random(20261204)
        pieces = [b'"', b'-', b'*', b'OR', b'AND', b'lang:nl', b'lang:xx', b'(', b')', b'\\',
                  b'\x00', b'%00', b'..', b'\xc3', b'\xd0', b'\xf0\x9f\x99\x82', b'\xcc\x81',
                  b'opvang', b'huur', b'subsidie', b'CGVS', 'беженец'.encode()]
        queries = []
        for i in range(300):
            kind = i % 3
            if kind == 0:
                q = bytes(rng.randrange(256) for _ in range(rng.randint(1, 120)))
            elif kind == 1:
                q = b' '.join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
            else:
                q = b''.join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
            queries.append(q.replace(b'\n', b' ').replace(b'\r', b' '))
        answers = self.stdin_answers(b'\n'.join(queries) + b'\n')
        self.assertEqual(len(answers), len(queries))
        for a in answers:
            self.assertIsInstance(a['hits'], list)
            self.assertTrue('error' in a or a['total'] >= len(a['hits']), a)

    def test_answers_are_flushed_one_by_one(self):
        p = subprocess.Popen([B.search, '--db', self.db, '--json', '--stdin'], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
        try:
            for q in ('fedasil', 'orange card'):
                p.stdin.write(q + '\n')
                p.stdin.flush()
                line = p.stdout.readline()  # would block forever without a flush
                self.assertEqual(json.loads(line)['query'], q)
        finally:
            p.stdin.close()
            p.wait(timeout=10)
        self.assertEqual(p.returncode, 0)

    def test_one_shot_error_exit_status(self):
        r = B.run_search(self.db, '--json', '--', '  ')
        self.assertEqual(r.returncode, 1)
        self.assertIn('error', json.loads(r.stdout))

    def test_bad_options(self):
        for args in (['--limit', 'x', 'q'], ['--lang', 'fr', 'q'], ['--limit', '-1', 'q']):
            r = B.run_search(self.db, *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn('haven-search:', r.stderr)

    def test_port_zero_serves_on_a_free_port(self):
        import urllib.request
        p = subprocess.Popen([B.search, '--db', self.db, '--port', '0'], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            self.assertRegex(line, r'^listening on http://127\.0\.0\.1:[1-9][0-9]*/$')
            with urllib.request.urlopen(line.split()[-1] + 'api/health', timeout=10) as r:
                self.assertEqual(json.loads(r.read())['status'], 'ok')
        finally:
            p.terminate()
            p.wait(timeout=30)
        self.assertEqual(p.returncode, 0)

    def test_missing_index(self):
        r = B.run_search(os.path.join(self.dir, 'nope'), 'x')
        self.assertEqual(r.returncode, 2)
        self.assertIn('cannot open index', r.stderr)


class TestIndexing(unittest.TestCase):
    def setUp(self):
        self.dir = temp_dir(self)
        self.docs = os.path.join(self.dir, 'docs')
        self.db = os.path.join(self.dir, 'db')
        make_docs(self.docs)

    def index(self, *extra):
        return B.run_index(self.db, self.docs, extra=extra)

    def test_incremental_reindex(self):
        self.assertEqual(self.index().returncode, 0)
        r = self.index()
        self.assertIn('0 indexed, 3 unchanged', r.stdout)
        write(os.path.join(self.docs, 'en', 'work.md'), '# Work\n\nThe zebracrossing permit ends.\n')
        os.remove(os.path.join(self.docs, 'ru', 'appeal.txt'))
        write(os.path.join(self.docs, 'nl', 'nieuw.txt'), 'Een nieuwe notitie over de kangoeroeregel.\n')
        r = self.index()
        self.assertIn('2 indexed, 1 unchanged, 1 removed', r.stdout)
        self.assertEqual(hit_docs(B.search_json(self.db, 'zebracrossing')), ['en/work.md'])
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater')), [])
        self.assertEqual(hit_docs(B.search_json(self.db, 'жалоба')), [])
        self.assertEqual(hit_docs(B.search_json(self.db, 'kangoeroeregel')), ['nl/nieuw.txt'])

    def test_two_writers_build_the_same_index(self):
        import glob
        words = ['opvang', 'beroep', 'werk', 'huur', 'school', 'reis', 'kaart', 'visum']
        for i in range(40):
            w = words[i % len(words)]
            write(os.path.join(self.docs, 'many', f'note{i:02d}.txt'),
                  f'Notitie {i} over {w}\n\nDeze notitie nummer {i} gaat over {w} en over '
                  f'het woord uniekwoord{i} dat alleen hier staat.\n')
        answers = {}
        for writers in ('1', '2'):
            db = os.path.join(self.dir, 'db' + writers)
            r = B.run_index(db, self.docs, extra=('--writers', writers))
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn('43 indexed', r.stdout)
            self.assertFalse(os.path.exists(db + '.writing'))
            self.assertIn('0 indexed, 43 unchanged', B.run_index(db, self.docs).stdout)
            answers[writers] = [(q, a['total'], sorted(hit_docs(a)))
                                for q in ['notitie', 'uniekwoord17', 'beroep OR visum', 'opvang']
                                for a in [B.search_json(db, q, '--limit', '50')]]
        self.assertEqual(answers['1'], answers['2'])
        self.assertEqual(answers['2'][1][2], ['many/note17.txt'])
        self.assertEqual(answers['2'][0][1], 40)

    def test_formats_html_gz_and_skips(self):
        html = ('<html><head><title>Werk &amp; verblijf</title><style>.x{color:red}</style>'
                '<script>var secretword = 1;</script></head><body><nav>Menu</nav>'
                '<h1>Werken</h1><p>De oranje kaart vermeldt het recht op werk &eacute;n verblijf.</p>'
                '<h2>Beroep</h2><p>Een beroep bij de RvV schorst de uitvoering.</p></body></html>')
        write(os.path.join(self.docs, 'web', 'werk.html'), html)
        os.makedirs(os.path.join(self.docs, 'gz'))
        with gzip.open(os.path.join(self.docs, 'gz', 'note.txt.gz'), 'wt') as f:
            f.write('A compressed note about the gzippedword procedure.\n')
        write(os.path.join(self.docs, 'bin', 'image.txt'), b'\x89PNG\x00\x00\x01binary', 'wb')
        write(os.path.join(self.docs, 'bin', 'photo.jpg'), b'\xff\xd8\xff', 'wb')
        write(os.path.join(self.docs, 'empty.txt'), '')
        write(os.path.join(self.docs, 'broken.txt'), b'Kapotte tekst \xff\xfe met brokenutf woord \xc3\n', 'wb')
        write(os.path.join(self.docs, 'bad.txt.gz'), b'\x1f\x8b\x08\x00garbage', 'wb')
        r = self.index()
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)  # bad.txt.gz failed, rest fine
        self.assertIn('bad.txt.gz', r.stderr)
        self.assertIn('image.txt', r.stderr)
        a = B.search_json(self.db, 'oranje kaart')
        self.assertEqual(a['hits'][0]['doc'], 'web/werk.html')
        self.assertEqual(a['hits'][0]['title'], 'Werk & verblijf')
        self.assertEqual(hit_docs(B.search_json(self.db, 'secretword')), [])
        self.assertEqual(hit_docs(B.search_json(self.db, 'rvv'))[:1], ['web/werk.html'])
        self.assertEqual(B.search_json(self.db, 'rvv')['hits'][0]['section'], 'Beroep')
        self.assertEqual(hit_docs(B.search_json(self.db, 'gzippedword')), ['gz/note.txt.gz'])
        self.assertEqual(hit_docs(B.search_json(self.db, 'brokenutf')), ['broken.txt'])

    def test_windows_encodings_are_read_as_such(self):
        write(os.path.join(self.docs, 'oud.txt'),
              'Coördinatie\n\nHet “leefloon” van het OCMW – ook na de erkenning.\n'
              .encode('cp1252'), 'wb')
        write(os.path.join(self.docs, 'ru.txt'),
              'Перевод\n\nПереводчика оплачивает Федасил.\n'.encode('cp1251'), 'wb')
        write(os.path.join(self.docs, 'page.html'),
              ('<html><head><meta charset="windows-1251"><title>Приём</title></head>'
               '<body><p>Приём в центре Нойфхатё.</p></body></html>').encode('cp1251'), 'wb')
        write(os.path.join(self.docs, 'koi8.txt'),
              'Адвокат\n\nБесплатного адвоката назначает бюро юридической помощи.\n'
              .encode('koi8_r'), 'wb')
        # Notepad's "Unicode": UTF-16 behind a byte order mark
        write(os.path.join(self.docs, 'notepad.txt'),
              '\ufeffNotitie\r\n\r\nDe tolk spreekt Tigrinya en Oekraïens.\r\n'
              .encode('utf-16-le'), 'wb')
        r = self.index('--verbose')
        self.assertEqual(r.returncode, 0)
        for name, page in (('oud.txt', 'Windows-1252'), ('ru.txt', 'Windows-1251'),
                           ('page.html', 'Windows-1251'), ('koi8.txt', 'KOI8-R'),
                           ('notepad.txt', 'UTF-16')):
            self.assertIn(f'read as {page}: {os.path.join(self.docs, name)}', r.stderr)
        self.assertNotIn('opvang.txt', r.stderr)  # UTF-8 goes unmentioned
        self.assertEqual(hit_docs(B.search_json(self.db, 'бесплатного')), ['koi8.txt'])
        a = B.search_json(self.db, 'oekraiens')
        self.assertEqual(hit_docs(a), ['notepad.txt'])
        self.assertIn('Oekraïens', a['hits'][0]['text'])
        a = B.search_json(self.db, 'coördinatie')
        self.assertEqual(hit_docs(a), ['oud.txt'])
        self.assertEqual(a['hits'][0]['title'], 'Coördinatie')
        self.assertIn('“leefloon” van het OCMW –', a['hits'][0]['text'])
        self.assertEqual(hit_docs(B.search_json(self.db, 'переводчик')), ['ru.txt'])
        a = B.search_json(self.db, 'нойфхатё')
        self.assertEqual(hit_docs(a), ['page.html'])
        self.assertEqual(a['hits'][0]['title'], 'Приём')

    def test_links_to_folders_are_not_followed(self):
        # a loop of links (a folder linking to itself) must not index a file
        # once per level it can be reached at
        os.symlink('.', os.path.join(self.docs, 'nl', 'self'))
        os.symlink('nl', os.path.join(self.docs, 'dutch'))
        os.symlink('opvang.txt', os.path.join(self.docs, 'nl', 'link.txt'))
        r = self.index()
        self.assertEqual(r.returncode, 0)
        self.assertIn('files: 4 indexed', r.stdout)  # the three notes and the link to a file
        docs = sorted(set(hit_docs(B.search_json(self.db, 'opvangcentrum', '--limit', '100'))))
        self.assertEqual(docs, ['nl/link.txt', 'nl/opvang.txt'])

    def write_offices(self):
        """Four passages on 'kantoor': enough for a query with that word
        not to need its correction run in its place."""
        for i in range(4):
            write(os.path.join(self.docs, f'kantoor{i}.txt'),
                  f'Het kantoor {i} is open op maandag en dinsdag.\n')

    def test_misspelt_word_is_searched_beside_the_others(self):
        # the other word finds enough passages, so the correction is not
        # run instead of the query; it is searched beside the word typed
        self.write_offices()
        write(os.path.join(self.docs, 'waarborg.txt'),
              'De huurwaarborg wordt door het OCMW voorgeschoten.\n')
        self.assertEqual(self.index().returncode, 0)
        a = B.search_json(self.db, 'kantoor huurwaarbrog', '--explain')
        self.assertEqual(a['corrected'], 'kantoor huurwaarborg')
        self.assertFalse(a['corrected_applied'])
        self.assertGreaterEqual(a['total'], 3)
        self.assertEqual(a['hits'][0]['doc'], 'waarborg.txt')
        self.assertIn({'word': 'huurwaarborg', 'form': 'exact', 'via': 'spelling'},
                      a['hits'][0]['explain']['matched'])
        self.assertIn({'source': 'spelling', 'from': 'huurwaarbrog', 'to': 'huurwaarborg'},
                      a['explain']['expansions'])
        a = B.search_json(self.db, 'kantoor huurwaarbrog', '--disable', 'spelling')
        self.assertNotIn('waarborg.txt', hit_docs(a))

    def test_correction_found_by_its_stem_is_searched_beside(self):
        # "reisdocumnt" is three edits from "reisdocumenten" but one from
        # its stem: close enough to search beside the word typed
        self.write_offices()
        write(os.path.join(self.docs, 'reizen.txt'),
              'Vraag de reisdocumenten aan bij de gemeente.\n')
        self.assertEqual(self.index().returncode, 0)
        a = B.search_json(self.db, 'kantoor reisdocumnt', '--explain')
        self.assertEqual(a['corrected'], 'kantoor reisdocumenten')
        self.assertFalse(a['corrected_applied'])
        self.assertIn('reizen.txt', hit_docs(a))
        self.assertIn({'source': 'spelling', 'from': 'reisdocumnt', 'to': 'reisdocumenten'},
                      a['explain']['expansions'])

    def test_too_large_file_is_skipped_and_nothing_lost(self):
        self.assertEqual(self.index().returncode, 0)
        big = os.path.join(self.docs, 'big.txt')
        with open(big, 'w') as f:
            line = 'word ' * 20 + '\n'
            f.write(line * (100 * 1024 * 1024 // len(line) + 1))  # 100 MB
        r = self.index()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('big.txt', r.stderr)
        self.assertIn('too large', r.stderr)
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater')), ['en/work.md'])

    def test_index_folder_parents_are_created(self):
        db = os.path.join(self.dir, 'var', 'deep', 'index')
        r = B.run_index(db, self.docs)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(hit_docs(B.search_json(db, '26quater')), ['en/work.md'])

    def test_missing_path_loses_nothing(self):
        self.assertEqual(self.index().returncode, 0)
        r = B.run_index(self.db, os.path.join(self.dir, 'no-such-dir'))
        self.assertEqual(r.returncode, 2)
        self.assertIn('no-such-dir', r.stderr)
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater')), ['en/work.md'])

    def test_unwritable_index_dir(self):
        r = B.run_index('/proc/haven-index-here', self.docs)
        self.assertEqual(r.returncode, 2)
        self.assertIn('haven-index:', r.stderr)

    @unittest.skipUnless(os.geteuid() == 0 and os.path.exists('/usr/bin/setpriv'),
                         'needs root to drop privileges')
    def test_unreadable_file_is_reported(self):
        os.chmod(self.dir, 0o777)
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o777)
        secret = os.path.join(self.docs, 'secret.txt')
        write(secret, 'unreadable words here')
        os.chmod(secret, 0)
        r = subprocess.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', B.index,
                            '--db', self.db, '--no-progress', self.docs], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('secret.txt', r.stderr)
        self.assertIn('3 indexed', r.stdout)

    def make_many_files(self, n):
        many = os.path.join(self.dir, 'many')
        for i in range(n):
            write(os.path.join(many, f'{i // 100}', f'note{i}.txt'),
                  f'Note {i} about opvang and procedure number{i}.\n\n' + EN_WORK)
        return many

    def test_second_indexer_is_refused_while_one_runs(self):
        self.assertEqual(self.index().returncode, 0)
        many = self.make_many_files(8000)
        first = subprocess.Popen([B.index, '--db', self.db, '--no-progress', many],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(0.3)
            self.assertIsNone(first.poll(), 'first indexer ended too soon for this test')
            first.send_signal(signal.SIGSTOP)
            second = self.index()
            first.send_signal(signal.SIGCONT)
            self.assertEqual(second.returncode, 2)
            self.assertIn('locked', second.stderr)
        finally:
            first.send_signal(signal.SIGCONT)
            first.communicate(timeout=300)
        self.assertEqual(first.returncode, 0)
        self.assertEqual(hit_docs(B.search_json(self.db, 'number7999')), ['79/note7999.txt'])

    def start_rebuild(self, many):
        # the many files first: a partial index would lack en/work.md
        p = subprocess.Popen([B.index, '--db', self.db, '--rebuild', '--no-progress', '--batch', '50',
                              many, self.docs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)
        self.assertIsNone(p.poll(), 'the rebuild ended too soon for this test')
        return p

    def test_rebuild_leaves_the_old_index_answering_until_done(self):
        self.assertEqual(self.index().returncode, 0)
        many = self.make_many_files(4000)
        p = self.start_rebuild(many)
        answers = []
        try:
            p.send_signal(signal.SIGSTOP)
            other = self.index()  # the old index is held: no other writer meanwhile
            p.send_signal(signal.SIGCONT)
            self.assertEqual(other.returncode, 2)
            self.assertIn('locked', other.stderr)
            while p.poll() is None:
                r = B.run_search(self.db, '--json', '26quater')
                answers.append(hit_docs(json.loads(r.stdout))[:1] if r.returncode == 0 else r.stdout)
        finally:
            p.send_signal(signal.SIGCONT)
            p.communicate(timeout=300)
        self.assertEqual(p.returncode, 0)
        self.assertGreater(len(answers), 0)
        self.assertEqual([a for a in answers if a != ['en/work.md']], [])
        self.assertEqual(hit_docs(B.search_json(self.db, 'number3999')), ['39/note3999.txt'])
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater'))[:1], ['en/work.md'])
        leftovers = [n for n in os.listdir(self.dir) if n.startswith('db.')]
        self.assertEqual(leftovers, [])

    def test_killed_rebuild_leaves_the_old_index(self):
        self.assertEqual(self.index().returncode, 0)
        many = self.make_many_files(4000)
        p = self.start_rebuild(many)
        p.kill()
        p.communicate()
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater'))[:1], ['en/work.md'])
        self.assertEqual(hit_docs(B.search_json(self.db, 'number3999')), [])
        r = B.run_index(self.db, self.docs, many, extra=('--rebuild',))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(hit_docs(B.search_json(self.db, 'number3999')), ['39/note3999.txt'])

    def test_killed_indexer_leaves_a_readable_index(self):
        self.assertEqual(self.index().returncode, 0)
        many = self.make_many_files(8000)
        p = subprocess.Popen([B.index, '--db', self.db, '--no-progress', '--batch', '50', many],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        p.kill()
        p.wait()
        self.assertEqual(hit_docs(B.search_json(self.db, '26quater'))[:1], ['en/work.md'])
        r = B.run_index(self.db, many)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(hit_docs(B.search_json(self.db, 'number7999')), ['79/note7999.txt'])

    def test_analysis_mismatch_is_refused(self):
        self.assertEqual(self.index().returncode, 0)
        tool = '/usr/bin/xapian-metadata'
        if not os.path.exists(tool):
            self.skipTest('xapian-metadata not installed')
        subprocess.run([tool, 'set', self.db, 'haven:analysis', 'haven-analysis-0;other'], check=True)
        r = B.run_search(self.db, 'opvang')
        self.assertEqual(r.returncode, 2)
        self.assertIn('different text analysis', r.stderr)
        r = self.index()
        self.assertEqual(r.returncode, 2)
        self.assertIn('--rebuild', r.stderr)
        r = self.index('--rebuild')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(B.run_search(self.db, 'opvang').returncode, 0)


class TestLanguagesPerPassage(unittest.TestCase):
    def test_one_file_three_languages(self):
        d = temp_dir(self)
        write(os.path.join(d, 'docs', 'post.txt'),
              'News\n\n' + EN_WORK + '\n' + RU_APPEAL + '\n' + NL_RECEPTION)
        db = os.path.join(d, 'db')
        self.assertEqual(B.run_index(db, os.path.join(d, 'docs')).returncode, 0)
        langs = {h['lang'] for h in B.search_json(db, 'procedure OR жалобы OR opvang', '--limit', '50')['hits']}
        self.assertEqual(langs, {'en', 'ru', 'nl'})


    def test_translations_are_one_hit_with_also_in(self):
        d = temp_dir(self)
        en = ('From 1/4/2023 the Haven helpline answers questions about reception and appeals on '
              'Saturday mornings as well, from nine to twelve, for asylum seekers and their families '
              'and for the volunteers who help them find their way.')
        ru = ('С 1/4/2023 горячая линия Haven отвечает на вопросы о приёме и обжаловании также по '
              'субботам утром, с девяти до двенадцати, для лиц, ищущих убежище, их семей и '
              'волонтёров, которые им помогают.')
        nl = ('Vanaf 1/4/2023 beantwoordt de Haven-helplijn ook op zaterdagochtend vragen over opvang '
              'en beroep, van negen tot twaalf, voor verzoekers, hun gezinnen en de vrijwilligers '
              'die hen de weg helpen vinden.')
        write(os.path.join(d, 'docs', 'post.txt'), 'Helpline news\n\n' + en + '\n\n' + ru + '\n\n' + nl + '\n')
        db = os.path.join(d, 'db')
        self.assertEqual(B.run_index(db, os.path.join(d, 'docs')).returncode, 0)
        a = B.search_json(db, 'haven helpline helplijn', '--limit', '10')
        self.assertEqual(len(a['hits']), 1, a)
        self.assertEqual(len(a['hits'][0]['also_in']), 2)
        self.assertNotIn(a['hits'][0]['lang'], a['hits'][0]['also_in'])
        # a query plainly in one language gets the group's passage in it,
        # even where the words typed match another translation best
        for query, lang in (('wat doet de haven helpline voor de volunteers', 'nl'),
                            ('what does the haven helplijn do for de vrijwilligers', 'en')):
            hits = B.search_json(db, query, '--limit', '10')['hits']
            self.assertEqual(hits[0]['lang'], lang, query)


class TestBundledCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.dir = tempfile.mkdtemp(prefix='haven-corpus-')
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        cls.db = os.path.join(cls.dir, 'db')
        r = B.run_index(cls.db, CORPUS)
        if r.returncode != 0:
            raise AssertionError(r.stdout + r.stderr)

    def test_every_language_is_present(self):
        for lang in ('nl', 'en', 'ru'):
            self.assertGreater(B.search_json(self.db, 'asiel OR asylum OR убежище', '--lang', lang)['total'], 0, lang)

    def test_records_packed_against_the_corpus_dictionary(self):
        import shutil
        import subprocess
        meta = subprocess.run(['xapian-metadata', 'get', self.db, 'haven:record-dictionary'],
                              capture_output=True)
        self.assertEqual(meta.returncode, 0, meta.stderr)
        self.assertGreater(len(meta.stdout), 1024)
        # a later run packs new files against the same dictionary, and a
        # searcher decodes old and new records alike
        db = os.path.join(self.dir, 'db-incremental')
        docs = os.path.join(self.dir, 'docs')
        shutil.copytree(CORPUS, docs)
        self.assertEqual(B.run_index(db, docs).returncode, 0)
        write(os.path.join(docs, 'nl', 'later.txt'),
              'Een latere notitie over de opvang en de kangoeroeregel voor verzoekers.\n')
        self.assertEqual(B.run_index(db, docs).returncode, 0)
        new = B.search_json(db, 'kangoeroeregel')['hits']
        self.assertEqual([h['doc'] for h in new], ['nl/later.txt'])
        self.assertIn('kangoeroeregel voor verzoekers', new[0]['text'])
        old = B.search_json(db, 'opvang', '--limit', '20')['hits']
        self.assertGreater(len(old), 5)
        self.assertTrue(all(h['text'] for h in old))

    def test_passages_are_passage_sized(self):
        a = B.search_json(self.db, 'asiel OR asylum OR убежище OR opvang OR procedure', '--limit', '100')
        for h in a['hits']:
            self.assertLess(len(h['text'].split()), 400, h['doc'])
            self.assertNotIn('-\n', h['text'])


class TestPhrases(unittest.TestCase):
    """A phrase is looked for as typed, stopwords too, within a reading
    budget that the answer reports when it runs out."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.dir = tempfile.mkdtemp(prefix='haven-e2e-phrase-')
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        docs = os.path.join(cls.dir, 'docs')
        fillers = ['river', 'garden', 'window', 'ladder', 'candle', 'pencil', 'bridge', 'forest']
        # 40 files of 20 paragraphs: far more passages holding "permit"
        # than the searcher reads for one phrase
        for f in range(40):
            paras = []
            for p in range(20):
                words = ' '.join(f'{fillers[(f + p + k) % 8]}{(f * 20 + p) * 7 + k}' for k in range(45))
                paras.append(f'A permit is needed for {words}.')
            write(os.path.join(docs, f'en/{f:02d}.txt'), '\n\n'.join(paras) + '\n')
        write(os.path.join(docs, 'en/work.md'), '# Work\n\n' + EN_WORK)
        cls.db = os.path.join(cls.dir, 'db')
        r = B.run_index(cls.db, docs)
        if r.returncode != 0:
            raise AssertionError(f'indexing failed: {r.stdout} {r.stderr}')

    def test_stopwords_of_a_phrase_count(self):
        a = B.search_json(self.db, '"the orange card"')
        self.assertEqual(hit_docs(a), ['en/work.md'])
        self.assertNotIn('incomplete', a)
        a = B.search_json(self.db, '"a orange card"')
        self.assertEqual(hit_docs(a), [])

    def test_budget_that_runs_out_is_reported(self):
        a = B.search_json(self.db, '"the permit"')
        self.assertEqual(a['hits'], [])
        self.assertIs(a.get('incomplete'), True)
        r = B.run_search(self.db, '"the permit"')
        self.assertEqual(r.returncode, 0)
        self.assertIn('there may be more', r.stdout)
        # found on the first page: nothing left unread that matters
        a = B.search_json(self.db, '"a permit"')
        self.assertEqual(len(a['hits']), 10)
        self.assertNotIn('incomplete', a)


class TestSourceRules(unittest.TestCase):
    def test_xapian_header_only_in_wrapper(self):
        offenders = []
        for root, _, files in os.walk(REPO):
            if any(part in root for part in ('/.git', '/build', 'node_modules')):
                continue
            for name in files:
                if not name.endswith(('.c', '.h', '.cc', '.cpp', '.hh')):
                    continue
                path = os.path.join(root, name)
                with open(path, errors='replace') as f:
                    if re.search(r'#\s*include\s*[<"]xapian', f.read()) and not (root == os.path.join(REPO, 'lib') and name.endswith('.cc')):
                        offenders.append(os.path.relpath(path, REPO))
        self.assertEqual(offenders, [])


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default='bin')
    ap.add_argument('--corpus', default='corpus')
    args = ap.parse_args()
    B = Binaries(args.bin)
    CORPUS = os.path.abspath(args.corpus)
    sys.exit(main(sys.argv))
