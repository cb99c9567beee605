#!/usr/bin/env python3
"""Scale corpus and query sets for the side-by-side benchmark.

Real sentences come from Debian's translated documentation: the GIMP manual
(gimp-help-en, -nl, -ru: HTML) and the Dutch and Russian man pages
(manpages-nl, manpages-ru: roff, read from the .gz sources without man(1)).
Markup is stripped, text is cut into sentences, and each sentence is kept only
when it is plainly in its language (Cyrillic share for Russian, function-word
counts for Dutch against English), so untranslated fragments stay out.

The sentences are remixed with a seeded random generator into N passages of
40-200 words.  A passage draws all its sentences from one language, so term
statistics within a language stay natural.  Passages are written as HTML:

    <html lang="xx"><head><title>T</title></head><body><h1>T</h1>
    <h2>heading</h2><p>passage</p>  ... about 20 passages per file

Every passage has its own <h2>, so an engine that splits documents at
headings (Haven) gets one passage per benchmark passage; engines that index
whole files (omindex) get one document per file.  Files are monolingual and
live under docs/<lang>/<bucket>/.  The same passages are written to
passages.jsonl ({"id", "lang", "file", "heading", "text"}) for the engines
that load rows (SQLite FTS5, PostgreSQL).

Query set (queries.jsonl, >= 1,000 lines, all three languages): 1-3 word
queries from rare, medium and common terms, two- and three-word phrases,
prefixes (word*) and question-style queries (question word + content words).
Each line: {"id", "lang", "kind", "words": [...], "text"} where text is the
query in Haven's syntax; the runner translates "words" for every peer.

usage: make_corpus.py --passages N [--out DIR] [--seed S] [--queries Q]
"""
import argparse
import collections
import glob
import gzip
import html
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, 'benchmarks', 'data', 'scale')

PACKAGES = ['gimp-help-en', 'gimp-help-nl', 'gimp-help-ru', 'manpages-nl', 'manpages-ru']
LANGS = ['en', 'nl', 'ru']
PASSAGES_PER_FILE = 20
SOURCE_VERSION = 1  # bump when extraction changes, to refresh the cache

# Function words: used to tell Dutch from English sentences and kept out of
# the "content word" pools of the query generator.
FUNCTION_WORDS = {
    'en': set('the of and to a in is that for it with as on be by this are or an from at '
              'you can your not which if will all has have was its when into more than '
              'also use used using these there their other then only so one may'.split()),
    'nl': set('de het een van en in is dat op te met voor die niet zijn als aan er om ook '
              'door bij of naar je u kan kunt wordt worden deze dit wat uit dan zo maar '
              'heeft hebben nog meer hier waar geen wel alle over tot'.split()),
    'ru': set('и в не на что с по для как это из к от то а или же так при если его но '
              'все вы быть можно будет этот эта эти только уже о об также при до может'.split()),
}
QUESTION_WORDS = {
    'en': ['how', 'what', 'why', 'when', 'where', 'which'],
    'nl': ['hoe', 'wat', 'waarom', 'wanneer', 'waar', 'welke'],
    'ru': ['как', 'что', 'почему', 'когда', 'где', 'какой'],
}
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
CYRILLIC_RE = re.compile(r'[\u0400-\u04ff]')
LATIN_RE = re.compile(r'[A-Za-z]')


def ensure_packages():
    missing = []
    for p in PACKAGES:
        r = subprocess.run(['dpkg-query', '-W', '-f=${Status}', p], capture_output=True, text=True)
        if 'install ok installed' not in r.stdout:
            missing.append(p)
    if not missing:
        return
    available = []
    for p in missing:
        r = subprocess.run(['apt-cache', 'policy', p], capture_output=True, text=True)
        if 'Candidate:' in r.stdout and 'Candidate: (none)' not in r.stdout:
            available.append(p)
        else:
            print(f'make_corpus: package {p} is not in this Debian release; going on without it',
                  file=sys.stderr)
    if available:
        sudo = [] if os.geteuid() == 0 else ['sudo']
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        print('make_corpus: installing', ' '.join(available), file=sys.stderr)
        subprocess.run(sudo + ['apt-get', 'install', '-y', '-qq', '--no-install-recommends'] +
                       available, check=True, env=env)


# ---- extraction ---------------------------------------------------------

def html_sources(lang):
    return sorted(glob.glob(f'/usr/share/gimp/2.0/help/{lang}/**/*.html', recursive=True))


def man_sources(lang):
    if lang == 'en':
        return []
    return sorted(glob.glob(f'/usr/share/man/{lang}/man*/*.gz'))


def html_blocks(path):
    """(headings, paragraphs) of one HTML page."""
    with open(path, encoding='utf-8', errors='replace') as f:
        t = f.read()
    t = re.sub(r'(?is)<(script|style|pre|head)\b.*?</\1>', ' ', t)
    heads = [clean_text(re.sub(r'<[^>]+>', ' ', h))
             for h in re.findall(r'(?is)<h[1-4][^>]*>(.*?)</h[1-4]>', t)]
    t = re.sub(r'(?is)<h[1-4][^>]*>.*?</h[1-4]>', '\n\n', t)
    t = re.sub(r'(?is)</?(p|div|li|td|tr|dt|dd|table|ul|ol|br)\b[^>]*>', '\n\n', t)
    t = re.sub(r'<[^>]+>', ' ', t)
    paras = [clean_text(p) for p in re.split(r'\n\s*\n', html.unescape(t))]
    heads = [re.sub(r'^[\d.]+\s*', '', html.unescape(h)) for h in heads]
    return heads, paras


ROFF_ESCAPES = [
    (re.compile(r'\\f(\[[^\]]*\]|\(..|.)'), ''),   # font changes
    (re.compile(r'\\s[-+]?\d'), ''),                # size changes
    (re.compile(r'\\\*(\[[^\]]*\]|\(..|.)'), ''),   # strings
    (re.compile(r'\\\((em|en|hy)'), '-'),
    (re.compile(r'\\\(\w\w'), ''),
    (re.compile(r'\\\[[^\]]*\]'), ''),
    (re.compile(r'\\[-&|^%]'), lambda m: '-' if m.group(0) == '\\-' else ''),
    (re.compile(r'\\e'), lambda m: '\\'),
    (re.compile(r'\\.'), ''),
]


def roff_line(s):
    for rx, rep in ROFF_ESCAPES:
        s = rx.sub(rep, s)
    return s


def man_blocks(path):
    """(headings, paragraphs) of one roff man page, macros stripped roughly."""
    try:
        with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
            lines = f.read().split('\n')
    except (OSError, EOFError):
        return [], []
    heads, paras, cur = [], [], []
    nofill = False

    def flush():
        if cur:
            paras.append(clean_text(' '.join(cur)))
            cur.clear()

    for line in lines:
        if line.startswith(('.\\"', "'\\\"", '\\"')):
            continue
        if line.startswith(('.', "'")):
            parts = line[1:].strip().split(None, 1)
            macro = parts[0] if parts else ''
            arg = parts[1] if len(parts) > 1 else ''
            if macro in ('nf', 'EX'):
                flush(); nofill = True
            elif macro in ('fi', 'EE'):
                nofill = False
            elif macro in ('SH', 'SS'):
                flush()
                h = clean_text(roff_line(arg.replace('"', '')))
                if h:
                    heads.append(h.capitalize() if h.isupper() else h)
            elif macro in ('PP', 'P', 'LP', 'TP', 'IP', 'sp', 'br', 'RS', 'RE', 'TH'):
                flush()
            elif macro in ('B', 'I', 'BR', 'IR', 'RB', 'RI', 'BI', 'IB', 'SM', 'SB') and not nofill:
                cur.append(roff_line(arg.replace('"', '')))
            continue
        if nofill:
            continue
        if not line.strip():
            flush()
            continue
        cur.append(roff_line(line))
    flush()
    return heads, paras


def clean_text(s):
    return re.sub(r'\s+', ' ', s).strip()


SENTENCE_SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-ZА-ЯЁ"«(])')


def language_ok(lang, sentence, words):
    if lang == 'ru':
        cyr = len(CYRILLIC_RE.findall(sentence))
        lat = len(LATIN_RE.findall(sentence))
        return cyr >= 0.85 * (cyr + lat)
    if CYRILLIC_RE.search(sentence):
        return False
    low = [w.lower() for w in words]
    nl = sum(w in FUNCTION_WORDS['nl'] for w in low)
    en = sum(w in FUNCTION_WORDS['en'] for w in low)
    return nl >= 2 and nl > 2 * en if lang == 'nl' else en >= 2 and en > 2 * nl


def sentences_of(lang, paragraph):
    for s in SENTENCE_SPLIT.split(paragraph):
        s = s.strip()
        words = WORD_RE.findall(s)
        n = len(s.split())
        if not 5 <= n <= 45 or len(words) < 0.7 * n:
            continue
        if not s[0].isupper() or s[-1] not in '.!?:':
            continue
        if any(c in s for c in '{}<>=\\/|_@#$'):
            continue  # code, paths and markup leftovers
        if language_ok(lang, s, words):
            yield s


def heading_ok(lang, h):
    n = len(h.split())
    if not 1 <= n <= 8 or not 3 <= len(h) <= 60 or any(c in h for c in '{}<>=\\/|_@#$'):
        return False
    if lang == 'ru':
        return bool(CYRILLIC_RE.search(h)) and not LATIN_RE.search(h)
    return not CYRILLIC_RE.search(h) and bool(LATIN_RE.search(h))


def extract(cache):
    """Per language: sorted unique sentences and headings (cached as JSON)."""
    if os.path.exists(cache):
        with open(cache, encoding='utf-8') as f:
            data = json.load(f)
        if data.get('version') == SOURCE_VERSION:
            return data
    data = {'version': SOURCE_VERSION, 'sentences': {}, 'headings': {}, 'sources': {}}
    for lang in LANGS:
        sents, heads = set(), set()
        hs, ms = html_sources(lang), man_sources(lang)
        for path in hs + ms:
            h, p = html_blocks(path) if path.endswith('.html') else man_blocks(path)
            heads.update(x for x in h if heading_ok(lang, x))
            for para in p:
                sents.update(sentences_of(lang, para))
        data['sentences'][lang] = sorted(sents)
        data['headings'][lang] = sorted(heads)
        data['sources'][lang] = {'html_files': len(hs), 'man_pages': len(ms)}
        print(f'make_corpus: {lang}: {len(hs)} HTML pages, {len(ms)} man pages -> '
              f'{len(sents)} sentences, {len(heads)} headings', file=sys.stderr)
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache, 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False)
    return data


# ---- remix --------------------------------------------------------------

def make_passages(data, n, rng):
    """n passages, languages in turn; 40-200 words of whole sentences."""
    out = []
    for i in range(n):
        lang = LANGS[i % 3]
        pool = data['sentences'][lang]
        target = rng.randint(40, 200)
        words, parts = 0, []
        while words < 40 or words < target - 10:
            s = pool[rng.randrange(len(pool))]
            k = len(s.split())
            if words + k > 200:
                if words >= 40:
                    break
                continue
            parts.append(s)
            words += k
        heading = rng.choice(data['headings'][lang])
        out.append({'id': i, 'lang': lang, 'heading': heading, 'text': ' '.join(parts)})
    return out


def write_corpus(passages, data, out, rng):
    docs = os.path.join(out, 'docs')
    by_lang = collections.defaultdict(list)
    for p in passages:
        by_lang[p['lang']].append(p)
    nfiles = 0
    for lang, ps in by_lang.items():
        for k in range(0, len(ps), PASSAGES_PER_FILE):
            chunk = ps[k:k + PASSAGES_PER_FILE]
            fno = k // PASSAGES_PER_FILE
            rel = f'{lang}/{fno // 500:04d}/{lang}{fno:06d}.html'
            title = rng.choice(data['headings'][lang])
            body = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                    f'<title>{html.escape(title)}</title></head>\n<body>\n'
                    f'<h1>{html.escape(title)}</h1>\n']
            for p in chunk:
                p['file'] = rel
                body.append(f'<h2>{html.escape(p["heading"])}</h2>\n<p>{html.escape(p["text"])}</p>\n')
            body.append('</body></html>\n')
            path = os.path.join(docs, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(''.join(body))
            nfiles += 1
    with open(os.path.join(out, 'passages.jsonl'), 'w', encoding='utf-8') as f:
        for p in passages:
            f.write(json.dumps({'id': p['id'], 'lang': p['lang'], 'file': p['file'],
                                'heading': p['heading'], 'text': p['text']},
                               ensure_ascii=False) + '\n')
    with open(os.path.join(out, 'passages.tsv'), 'w', encoding='utf-8') as f:
        for p in passages:
            f.write(f'{p["id"]}\t{p["lang"]}\t{p["text"]}\n')
    return nfiles


# ---- queries ------------------------------------------------------------

def make_queries(passages, rng, per_lang):
    """Queries per language, drawn from the passages' own words."""
    queries = []
    for lang in LANGS:
        ps = [p for p in passages if p['lang'] == lang]
        toks = [[w.lower() for w in WORD_RE.findall(p['text'])] for p in ps]
        df = collections.Counter()
        for t in toks:
            df.update(set(t))
        n = len(ps)
        content = {w for w in df if len(w) >= 3 and w not in FUNCTION_WORDS[lang]}
        # Skip the very top of the list: those are function words the lists
        # above do not name; every engine drops or down-weights them anyway.
        top = {w for w, _ in df.most_common(60)}
        # Bands by rank in the document-frequency distribution of the
        # content words, not by fixed counts: remixing a finite sentence pool
        # raises every word's df with N, so fixed cut-offs would empty the
        # rare band at 100k passages.
        dfs = sorted(df[w] for w in content if df[w] >= 2)

        def q_at(f):
            return dfs[min(len(dfs) - 1, int(f * len(dfs)))]
        bands = {
            'rare': {w for w in content if 2 <= df[w] <= q_at(0.20)},
            'medium': {w for w in content if q_at(0.50) <= df[w] <= q_at(0.80)},
            'common': {w for w in content if df[w] >= q_at(0.98) and w not in top},
        }
        quota = {'rare': 0.17, 'medium': 0.17, 'common': 0.16, 'phrase': 0.18,
                 'prefix': 0.16, 'question': 0.16}
        for kind, share in quota.items():
            want = round(per_lang * share)
            got, tries = 0, 0
            while got < want and tries < want * 200:
                tries += 1
                i = rng.randrange(n)
                t = toks[i]
                if kind in bands:
                    cand = sorted({w for w in t if w in bands[kind]})
                    if not cand:
                        continue
                    k = min(len(cand), rng.choice([1, 2, 2, 3]))
                    words = rng.sample(cand, k)
                    q = {'kind': kind, 'words': words, 'text': ' '.join(words)}
                elif kind == 'phrase':
                    k = rng.choice([2, 3])
                    if len(t) < k + 1:
                        continue
                    j = rng.randrange(len(t) - k)
                    words = t[j:j + k]
                    if all(w in FUNCTION_WORDS[lang] for w in words) or min(map(len, words)) < 2:
                        continue
                    q = {'kind': kind, 'words': words, 'text': '"' + ' '.join(words) + '"'}
                elif kind == 'prefix':
                    cand = sorted({w for w in t if len(w) >= 7 and w in content})
                    if not cand:
                        continue
                    w = rng.choice(cand)
                    pre = w[:rng.choice([4, 5, 6])]
                    q = {'kind': kind, 'words': [pre], 'text': pre + '*'}
                else:  # question
                    cand = sorted({w for w in t if w in content and w not in top})
                    if len(cand) < 2:
                        continue
                    words = rng.sample(cand, rng.choice([2, 3]))
                    qw = rng.choice(QUESTION_WORDS[lang])
                    q = {'kind': kind, 'words': [qw] + words, 'text': ' '.join([qw] + words)}
                q['lang'] = lang
                queries.append(q)
                got += 1
    rng.shuffle(queries)
    for i, q in enumerate(queries):
        q['id'] = i
    return queries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--passages', type=int, required=True)
    ap.add_argument('--out', help=f'default {DEFAULT_OUT}/<N>')
    ap.add_argument('--seed', type=int, default=20240601)
    ap.add_argument('--queries', type=int, default=1200, help='queries in the set (all languages)')
    ap.add_argument('--no-install', action='store_true')
    args = ap.parse_args()
    out = args.out or os.path.join(DEFAULT_OUT, str(args.passages))
    if not args.no_install:
        ensure_packages()
    data = extract(os.path.join(DEFAULT_OUT, 'sentences.json'))
    rng = random.Random(args.seed)
    if os.path.isdir(os.path.join(out, 'docs')):
        subprocess.run(['rm', '-rf', os.path.join(out, 'docs')], check=True)
    os.makedirs(out, exist_ok=True)
    passages = make_passages(data, args.passages, rng)
    nfiles = write_corpus(passages, data, out, rng)
    queries = make_queries(passages, random.Random(args.seed + 1), (args.queries + 2) // 3)
    with open(os.path.join(out, 'queries.jsonl'), 'w', encoding='utf-8') as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + '\n')
    raw = sum(len(p['text'].encode('utf-8')) for p in passages)
    words = sum(len(p['text'].split()) for p in passages)
    meta = {'passages': len(passages), 'files': nfiles, 'raw_text_bytes': raw, 'words': words,
            'queries': len(queries), 'seed': args.seed,
            'query_kinds': dict(collections.Counter(q['kind'] for q in queries)),
            'sources': data['sources'],
            'sentences_per_lang': {l: len(data['sentences'][l]) for l in LANGS}}
    with open(os.path.join(out, 'meta.json'), 'w') as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta), file=sys.stderr)


if __name__ == '__main__':
    main()
