#!/usr/bin/env python3
"""Haven's query latency against its peers in alternating rounds.

run.py measures each engine once, one after the other, so a ratio carries
whatever the machine did in between: two runs of the same code gave 10k
p50 ratios of 1.01x and 1.20x.  Here each round runs every engine's whole
query stream back to back, in an order that turns round each time, on the
indexes run.py left in benchmarks/results/tmp/scale/<N>/.  The figure is
the median over the rounds of each round's ratio; its spread is printed
beside it.

With --build-rounds N it also times N builds of Haven and of omindex over
the same files, into fresh folders, in alternating order: one run's build
ratio moved between 1.40x and 1.75x at 10k passages.

usage: alternate.py [--sizes 10000,100000] [--rounds 5] [--engines haven,fts5,xapian]
                    [--build-rounds 0]

Writes benchmarks/results/alternate-<N>.json; run.py --report-only puts the
figures into RESULTS.md.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the same query translation, timing and percentiles)


def haven_stream(work, queries, bin_dir):
    search = [os.path.join(bin_dir, 'haven-search'), '--db', os.path.join(work, 'haven'), '--json',
              '--stdin']
    text = ''.join(run.haven_query(q) + '\n' for q in queries).encode()
    r = subprocess.run(search, input=text, capture_output=True, check=True)
    return [json.loads(l)['took_ms'] for l in r.stdout.decode().splitlines()]


def fts5_stream(work, queries, bin_dir):
    qfile = run.write_fts5_queries(os.path.join(work, 'alternate-fts5-q.txt'), queries)
    out = os.path.join(work, 'alternate-fts5-out.json')
    subprocess.run([sys.executable, run.__file__, '_fts5-search', os.path.join(work, 'fts5.db'),
                    qfile, out], check=True)
    with open(out) as f:
        return json.load(f)['ms']


def xapian_stream(work, queries, bin_dir):
    quest = run.quest_command(os.path.join(work, 'omega'))
    return [run.quest_ms(quest, run.xapian_query(q)) for q in queries]


STREAMS = {'haven': (haven_stream, 'haven'), 'fts5': (fts5_stream, 'fts5.db'),
           'xapian': (xapian_stream, 'omega')}


def build_rounds(n, rounds, bin_dir):
    """Haven and omindex build the corpus in turn, each into a fresh folder."""
    corpus = os.path.join(run.DATA, str(n))
    work = os.path.join(run.TMP, str(n))
    dbs = {'haven': os.path.join(work, 'alternate-build-haven'),
           'xapian': os.path.join(work, 'alternate-build-omega')}
    commands = {'haven': run.haven_build_command(bin_dir, dbs['haven'], corpus),
                'xapian': run.omindex_command(dbs['xapian'], corpus)}
    per_round = []
    for k in range(rounds):
        rnd = {}
        for e in (('haven', 'xapian') if k % 2 == 0 else ('xapian', 'haven')):
            shutil.rmtree(dbs[e], ignore_errors=True)
            rnd[f'{e}_s'], _, _ = run.timed(commands[e], capture_output=True)
        per_round.append(rnd)
        run.log(f'{n} build round {k + 1}/{rounds}: haven {rnd["haven_s"]:.2f} s, '
                f'omindex {rnd["xapian_s"]:.2f} s')
    for db in dbs.values():
        shutil.rmtree(db, ignore_errors=True)
    rs = [r['xapian_s'] / r['haven_s'] for r in per_round]
    return {'per_round': per_round, 'measured_at': time.strftime('%Y-%m-%dT%H:%M:%S'),
            'ratio': {'median': statistics.median(rs), 'min': min(rs), 'max': max(rs)}}


def alternate(n, engines, rounds, bin_dir, builds=0):
    work = os.path.join(run.TMP, str(n))
    with open(os.path.join(run.DATA, str(n), 'queries.jsonl'), encoding='utf-8') as f:
        queries = [json.loads(l) for l in f]
    missing = [e for e in engines if not os.path.exists(os.path.join(work, STREAMS[e][1]))]
    if missing:
        sys.exit(f'alternate.py: no {", ".join(missing)} index for {n} passages in {work}: '
                 f'run  python3 benchmarks/scale/run.py --sizes {n}  first')
    for e in engines:  # warm-up: page cache and the searcher's first reads
        STREAMS[e][0](work, queries, bin_dir)
    per_round = []
    for k in range(rounds):
        order = engines if k % 2 == 0 else engines[::-1]
        rnd = {}
        for e in order:
            ms = STREAMS[e][0](work, queries, bin_dir)
            rnd[e] = {'p50_ms': run.percentile(ms, 50), 'p99_ms': run.percentile(ms, 99)}
        per_round.append(rnd)
        run.log(f'{n} round {k + 1}/{rounds}: ' +
                ', '.join(f'{e} p50 {rnd[e]["p50_ms"]:.3f} p99 {rnd[e]["p99_ms"]:.2f}' for e in engines))
    commit = subprocess.run(['git', '-C', run.REPO, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                            text=True).stdout.strip()
    result = {'passages': n, 'rounds': rounds, 'engines': engines, 'per_round': per_round,
              'haven_commit': commit or None,
              'measured_at': time.strftime('%Y-%m-%dT%H:%M:%S'), 'machine': run.machine(),
              'ratios': {}}
    if builds:
        result['build'] = build_rounds(n, builds, bin_dir)
    for e in engines:
        if e == 'haven':
            continue
        for p in ('p50_ms', 'p99_ms'):
            rs = [r['haven'][p] / r[e][p] for r in per_round]
            result['ratios'][f'{e}_{p}'] = {'median': statistics.median(rs), 'min': min(rs),
                                            'max': max(rs)}
    with open(os.path.join(run.RESULTS, f'alternate-{n}.json'), 'w') as f:
        json.dump(result, f, indent=1)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', default='10000,100000')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--engines', default='haven,fts5,xapian')
    ap.add_argument('--bin', default=os.path.join(run.REPO, 'bin'))
    ap.add_argument('--build-rounds', type=int, default=0,
                    help='also time this many alternating builds of Haven and omindex')
    args = ap.parse_args()
    engines = [e for e in args.engines.split(',') if e]
    unknown = [e for e in engines if e not in STREAMS]
    if unknown or 'haven' not in engines or len(engines) < 2 or args.rounds < 1:
        sys.exit('alternate.py: --engines is haven and at least one of fts5, xapian; --rounds >= 1')
    for n in [int(s) for s in args.sizes.split(',') if s]:
        res = alternate(n, engines, args.rounds, args.bin, args.build_rounds)
        for key, r in res['ratios'].items():
            print(f'{n} passages, Haven / {key}: median {r["median"]:.2f}x '
                  f'(rounds {r["min"]:.2f}-{r["max"]:.2f}x)')
        if 'build' in res:
            r = res['build']['ratio']
            print(f'{n} passages, omindex build s / Haven build s: median {r["median"]:.2f}x '
                  f'(rounds {r["min"]:.2f}-{r["max"]:.2f}x)')


if __name__ == '__main__':
    sys.exit(main())
