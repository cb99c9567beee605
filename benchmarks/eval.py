#!/usr/bin/env python3
"""Relevance evaluation: index a corpus, run judged queries through
`haven-search --stdin --json`, score the rankings.

Scoring follows the rules of the shared scorer (../shared/eval/score.py):
a hit matches a judged item when the hit's file name starts with the item's
doc and its folded passage text contains the item's folded key; each item
counts once; nDCG@10 with gain 2^grade - 1, MRR of the first grade-2 hit,
recall of grade-2 items.  When that scorer is present its output is compared
line by line with ours, and a disagreement fails the run.

usage: eval.py [--judgments FILE]... [--corpus DIR] [--bin DIR] [--db DIR]
"""
import argparse
import collections
import gzip
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

K, MAXLEN = 10, 2000
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def fold(s):
    s = unicodedata.normalize('NFKD', s.lower())
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return re.sub(r'[^0-9a-zа-я]+', '', s)


def score_query(relevant, hits):
    used, gains, first = set(), [], None
    for rank, hit in enumerate(hits[:K], 1):
        text = hit.get('text') or ''
        folded = fold(text) if len(text) <= MAXLEN else ''
        base = os.path.basename(hit.get('doc') or '')
        gain = 0
        for i, item in enumerate(relevant):
            if i not in used and base.startswith(item['doc']) and fold(item['key']) in folded:
                used.add(i)
                gain = max(gain, item['grade'])
        gains.append(gain)
        if gain == 2 and first is None:
            first = rank
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((item['grade'] for item in relevant), reverse=True)[:K]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    n2 = sum(1 for item in relevant if item['grade'] == 2) or 1
    got2 = sum(1 for i in used if relevant[i]['grade'] == 2)
    return {'ndcg': dcg / idcg if idcg else 0.0, 'mrr': 1 / first if first else 0.0,
            'recall': got2 / n2}


def summary_lines(judgments, results):
    hits = {r['id']: r.get('hits', []) for r in results}
    cats = collections.defaultdict(list)
    for j in judgments:
        m = score_query(j['relevant'], hits.get(j['id'], []))
        cats[j['category']].append(m)
        cats['ALL'].append(m)
    lines = []
    for c in sorted(cats, key=lambda c: (c != 'ALL', c)):
        ms = cats[c]
        avg = {k: sum(m[k] for m in ms) / len(ms) for k in ('ndcg', 'mrr', 'recall')}
        lines.append(f"{c:14s} n={len(ms):3d} nDCG@10={avg['ndcg']:.3f} MRR={avg['mrr']:.3f} "
                     f"R@10={avg['recall']:.3f}")
    return lines


def best_order(relevant, hits):
    """The hits reordered as well as the judgments allow (greedy: the hit
    with the highest grade not yet counted first): an upper bound for
    reranking what the engine retrieved, passages cut as they are."""
    left = [h for h in hits if len(h.get('text') or '') <= MAXLEN]
    items_of = []
    for h in left:
        folded, base = fold(h.get('text') or ''), os.path.basename(h.get('doc') or '')
        items_of.append({i for i, item in enumerate(relevant)
                         if base.startswith(item['doc']) and fold(item['key']) in folded})
    used, order = set(), []
    while len(order) < K:
        best, best_key = None, (0, 0)
        for k, items in enumerate(items_of):
            new = items - used
            key = (max((relevant[i]['grade'] for i in new), default=0), len(new))
            if key > best_key:
                best, best_key = k, key
        if best is None:
            break
        order.append(left[best])
        used |= items_of[best]
        items_of[best] = set()
    return order


def load_jsonl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


# Compound splitting lives in the analysis pipeline of both programs; its
# ablation builds a second index with no word list at all.
NO_WORDLIST = dict(os.environ, HAVEN_WORDLIST='/nonexistent/wordlist')


def build_index(bin_dir, db, corpora, thesaurus, env=None):
    extra = ['--thesaurus', thesaurus] if thesaurus and os.path.exists(thesaurus) else []
    subprocess.run([os.path.join(bin_dir, 'haven-index'), '--db', db, '--no-progress', *extra, *corpora],
                   check=True, stdout=subprocess.DEVNULL, env=env)


def run_queries(bin_dir, db, judgments, extra_args=(), env=None):
    queries = ''.join(j['query'].replace('\n', ' ') + '\n' for j in judgments)
    out = subprocess.run([os.path.join(bin_dir, 'haven-search'), '--db', db, '--json', '--stdin',
                          '--limit', str(K), *extra_args],
                         input=queries, capture_output=True, text=True, check=True, env=env).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    if len(answers) != len(judgments):
        sys.exit(f'expected {len(judgments)} answers, got {len(answers)}')
    return [{'id': j['id'], 'hits': a.get('hits', [])} for j, a in zip(judgments, answers)]


def check_against_shared_scorer(scorer, judgments_path, results, ours):
    with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False, encoding='utf-8') as f:
        for r in results:
            f.write(json.dumps({'id': r['id'], 'hits': [{'doc': h['doc'], 'text': h['text']}
                                                        for h in r['hits']]}) + '\n')
        path = f.name
    try:
        theirs = subprocess.run([sys.executable, scorer, judgments_path, path], capture_output=True,
                                text=True, check=True).stdout.splitlines()
    finally:
        os.unlink(path)
    if theirs != ours:
        print('scores disagree with ' + scorer + ':', *theirs, sep='\n', file=sys.stderr)
        sys.exit(1)
    return True


FEATURES = ['thesaurus', 'dictionary', 'proximity', 'spelling', 'coverage', 'answer-kind']


def print_ablation(bin_dir, db, judgments, plain_db):
    rows = [('all features', (), db, None)] + \
        [(f'- {f}', ('--disable', f), db, None) for f in FEATURES] + \
        [('- compounds', (), plain_db, NO_WORDLIST)]
    cats = sorted({j['category'] for j in judgments})
    print(f"  ablation: nDCG@10 overall and per category")
    print('  ' + f"{'':16s}{'ALL':>7s}{'MRR':>7s}" + ''.join(f'{c[:12]:>13s}' for c in cats))
    for name, extra, row_db, env in rows:
        results = run_queries(bin_dir, row_db, judgments, extra, env)
        hits = {r['id']: r['hits'] for r in results}
        per = collections.defaultdict(list)
        for j in judgments:
            per[j['category']].append(score_query(j['relevant'], hits[j['id']]))
        everything = [m for ms in per.values() for m in ms]
        avg = lambda ms, k: sum(m[k] for m in ms) / len(ms)
        print('  ' + f'{name:16s}{avg(everything, "ndcg"):7.3f}{avg(everything, "mrr"):7.3f}' +
              ''.join(f'{avg(per[c], "ndcg"):13.3f}' for c in cats))


def recode_tree(src, dst):
    """A copy of src with every text file in the Windows code page its
    letters need (characters the page lacks become '?'); returns dst."""
    for root, _, files in os.walk(src):
        for name in files:
            path = os.path.join(root, name)
            out = os.path.join(dst, os.path.relpath(path, src))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            opener = gzip.open if name.endswith('.gz') else open
            with opener(path, 'rb') as f:
                data = f.read()
            try:
                text = data.decode('utf-8')
            except UnicodeDecodeError:
                text = None
            if text is not None:
                page = 'cp1251' if re.search('[а-яА-ЯёЁ]', text) else 'cp1252'
                data = text.encode(page, errors='replace')
            with opener(out, 'wb') as f:
                f.write(data)
    return dst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--judgments', action='append',
                    help='JSONL judged queries (default: ../shared/eval/dev.jsonl)')
    ap.add_argument('--corpus', action='append',
                    help='folders to index (default: ../shared/corpus/seeds)')
    ap.add_argument('--bin', default=os.path.join(REPO, 'bin'))
    ap.add_argument('--db', help='index folder to (re)use; default: a temporary one')
    ap.add_argument('--scorer', default=os.path.join(REPO, '..', 'shared', 'eval', 'score.py'))
    ap.add_argument('--results', help='also write the ranked results (JSONL) here')
    ap.add_argument('--per-query', action='store_true', help='print each query\'s scores too')
    ap.add_argument('--thesaurus', default=os.path.join(REPO, 'corpus', 'asylum-thesaurus.thes'))
    ap.add_argument('--oracle', action='store_true',
                    help='also score the best order of the top 100 hits: what reranking could '
                         'reach with passages cut as they are')
    ap.add_argument('--ablation', action='store_true',
                    help='also score with each ranking feature switched off in turn')
    ap.add_argument('--code-pages', action='store_true',
                    help='index copies of the corpus saved in Windows code pages, as older '
                         'brochures are: 1251 for a file with Cyrillic letters, else 1252')
    args = ap.parse_args()
    judgments_paths = args.judgments or [os.path.join(REPO, '..', 'shared', 'eval', 'dev.jsonl')]
    corpora = args.corpus or [os.path.join(REPO, '..', 'shared', 'corpus', 'seeds')]
    for p in judgments_paths + corpora:
        if not os.path.exists(p):
            sys.exit(f'eval: {p} not found (the shared folder sits beside the repository)')

    with tempfile.TemporaryDirectory(prefix='haven-eval-') as tmp:
        db = args.db or os.path.join(tmp, 'db')
        shown = ', '.join(os.path.relpath(c) for c in corpora)
        if args.code_pages:
            shown += ' (saved in Windows code pages)'
            corpora = [recode_tree(c, os.path.join(tmp, f'recoded-{i}')) for i, c in enumerate(corpora)]
        build_index(args.bin, db, corpora, args.thesaurus)
        plain_db = os.path.join(tmp, 'db-no-compounds')
        if args.ablation:
            build_index(args.bin, plain_db, corpora, args.thesaurus, NO_WORDLIST)
        for jp in judgments_paths:
            judgments = load_jsonl(jp)
            results = run_queries(args.bin, db, judgments)
            lines = summary_lines(judgments, results)
            print(f'== {os.path.relpath(jp)} over {shown}')
            print('\n'.join(lines))
            if args.per_query:
                hits = {r['id']: r['hits'] for r in results}
                for j in judgments:
                    m = score_query(j['relevant'], hits[j['id']])
                    print(f"  {j['id']:8s} nDCG={m['ndcg']:.3f} MRR={m['mrr']:.3f} R={m['recall']:.3f}  {j['query']}")
            if os.path.exists(args.scorer):
                check_against_shared_scorer(args.scorer, jp, results, lines)
                print(f'(agrees with {os.path.relpath(args.scorer)})')
            if args.oracle:
                deep = run_queries(args.bin, db, judgments, ('--limit', '100'))
                best = [{'id': r['id'], 'hits': best_order(j['relevant'], r['hits'])}
                        for j, r in zip(judgments, deep)]
                print('  best order of the top 100 hits (upper bound for reranking):')
                print('\n'.join('  ' + line for line in summary_lines(judgments, best)))
            if args.ablation:
                print_ablation(args.bin, db, judgments, plain_db)
            if args.results:
                with open(args.results, 'a', encoding='utf-8') as f:
                    for r in results:
                        f.write(json.dumps(r, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
