#!/usr/bin/env python3
"""HTTP load, side by side: wrk against the Haven daemon's /api/search with a
fixed query mix, keep-alive (once as it runs, with its answer cache, once
with --no-answer-cache so every query is searched afresh), then against
nginx serving the very same response bodies as static files on loopback:
the ceiling of HTTP on this machine.  Both get the same wrk settings in the same run, so the ratio of
their requests per second is the figure that means something.

usage: http_load.py --db DIR [--bin DIR] [--queries FILE] [--seconds N]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import urllib.parse

from http_harness import run_wrk, save_bodies, start_daemon, start_nginx, stop

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
THREADS, CONNECTIONS = 2, 16


def ensure_tools():
    missing = [pkg for tool, pkg in (('wrk', 'wrk'), ('nginx', 'nginx'))
               if not shutil.which(tool) and not os.path.exists('/usr/sbin/' + tool)]
    if missing:
        sudo = [] if os.geteuid() == 0 else ['sudo']
        subprocess.run(sudo + ['apt-get', 'install', '-y', '-qq', *missing], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND='noninteractive'))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--db', required=True)
    ap.add_argument('--bin', default=os.path.join(REPO, 'bin'))
    ap.add_argument('--queries', default=os.path.join(HERE, 'queries.txt'))
    ap.add_argument('--seconds', type=int, default=30)
    args = ap.parse_args()
    ensure_tools()
    queries = [q for q in open(args.queries, encoding='utf-8').read().splitlines() if q.strip()]
    paths = ['/api/search?' + urllib.parse.urlencode({'q': q, 'limit': 10}) for q in queries]
    search = os.path.join(args.bin, 'haven-search')
    web = os.path.join(REPO, 'web')

    def wrk(base, run_paths, name):
        r = run_wrk(base, run_paths, args.seconds, tmp, name, THREADS, CONNECTIONS)
        r['errors'] += r['non2xx']
        return r

    with tempfile.TemporaryDirectory(prefix='haven-http-') as tmp:
        os.chmod(tmp, 0o755)
        www = os.path.join(tmp, 'www')
        os.makedirs(www)
        os.chmod(www, 0o755)
        daemon, base = start_daemon(search, args.db, tmp, THREADS, web=web)
        nginx = None
        try:
            static_paths = save_bodies(base, paths, www)
            haven = wrk(base, paths, 'haven')
            stop(daemon)
            daemon, base = start_daemon(search, args.db, tmp, THREADS, cache=False, web=web)
            fresh = wrk(base, paths, 'haven-fresh')
            nginx, nginx_base = start_nginx(www, tmp, THREADS)
            ceiling = wrk(nginx_base, static_paths, 'nginx')
        finally:
            stop(daemon)
            if nginx:
                stop(nginx)
    print(f'http: wrk -t{THREADS} -c{CONNECTIONS} {args.seconds}s keep-alive, {len(paths)} queries in turn')
    for name, r in (('haven /api/search', haven), ('haven, no answer cache', fresh),
                    ('nginx, same bodies', ceiling)):
        print(f'  {name:24s} {r["rps"]:9.0f} req/s  p50 {r["p50_us"] / 1000:.2f} ms  '
              f'p99 {r["p99_us"] / 1000:.2f} ms  errors {r["errors"]}')
    print(f'  haven / nginx requests per second: {haven["rps"] / ceiling["rps"]:.2f} '
          f'(every query answered afresh: {fresh["rps"] / ceiling["rps"]:.2f})')


if __name__ == '__main__':
    main()
