#!/usr/bin/env python3
"""Speed benchmark: build an index of a corpus, then run a query list through
`haven-search --stdin --json` several times.

Reports indexing throughput (MB of source text per second, whole run) and
per-query latency percentiles from the searcher's own `took_ms` (parsing,
ranking, unpacking and snippets; process start-up excluded).  The corpus is
the repository's corpus/ and the shared seeds, copied --copies times under
distinct names.

usage: bench.py [--corpus DIR]... [--copies N] [--rounds N] [--queries FILE]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float('nan')
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def make_corpus(sources, copies, dest):
    """Copies the source folders `copies` times under distinct names, so the
    index holds copies-times the passages (term statistics stay natural)."""
    total = 0
    for c in range(copies):
        for src in sources:
            for root, _, files in os.walk(src):
                for name in files:
                    path = os.path.join(root, name)
                    rel = os.path.relpath(path, src)
                    out = os.path.join(dest, f'copy{c:03d}', os.path.basename(src.rstrip('/')), rel)
                    os.makedirs(os.path.dirname(out), exist_ok=True)
                    shutil.copyfile(path, out)
                    total += os.path.getsize(path)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--corpus', action='append')
    ap.add_argument('--copies', type=int, default=40)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--queries', default=os.path.join(HERE, 'queries.txt'))
    ap.add_argument('--bin', default=os.path.join(REPO, 'bin'))
    ap.add_argument('--db', help='build the index here and keep it (default: a temporary folder)')
    args = ap.parse_args()
    sources = args.corpus or [os.path.join(REPO, 'corpus')] + \
        [p for p in [os.path.join(REPO, '..', 'shared', 'corpus', 'seeds')] if os.path.isdir(p)]
    queries = [q for q in open(args.queries, encoding='utf-8').read().splitlines() if q.strip()]

    with tempfile.TemporaryDirectory(prefix='haven-bench-') as tmp:
        corpus = os.path.join(tmp, 'corpus')
        size = make_corpus(sources, args.copies, corpus)
        db = os.path.abspath(args.db) if args.db else os.path.join(tmp, 'db')
        t0 = time.monotonic()
        out = subprocess.run([os.path.join(args.bin, 'haven-index'), '--db', db, '--no-progress',
                              '--rebuild', corpus],
                             check=True, capture_output=True, text=True).stdout
        build_s = time.monotonic() - t0
        passages = next((l.split()[1] for l in out.splitlines() if l.startswith('passages:')), '?')
        index_bytes = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(db) for f in fs)

        took = []
        t0 = time.monotonic()
        for _ in range(args.rounds):
            res = subprocess.run([os.path.join(args.bin, 'haven-search'), '--db', db, '--json', '--stdin'],
                                 input='\n'.join(queries) + '\n', check=True, capture_output=True, text=True)
            answers = [json.loads(l) for l in res.stdout.splitlines()]
            assert len(answers) == len(queries)
            took += [a['took_ms'] for a in answers]
        wall = time.monotonic() - t0

    print(f'corpus: {size / 1e6:.2f} MB in {args.copies} copies of {", ".join(os.path.relpath(s) for s in sources)}; '
          f'{passages} passages')
    print(f'indexing: {build_s:.2f} s, {size / 1e6 / build_s:.2f} MB/s (walk, parse, analyse, write, compact); '
          f'index {index_bytes / 1e6:.2f} MB = {index_bytes / size:.2f}x the source text')
    print(f'queries: {len(took)} ({len(queries)} distinct x {args.rounds} rounds), top 10 with snippets, '
          f'latency inside the searcher:')
    print(f'  p50 {percentile(took, 50):.3f} ms  p95 {percentile(took, 95):.3f} ms  '
          f'p99 {percentile(took, 99):.3f} ms  mean {statistics.mean(took):.3f} ms  max {max(took):.3f} ms')
    print(f'  {len(took) / wall:.0f} queries/s through --stdin, one process per round, start-up included')


if __name__ == '__main__':
    main()
