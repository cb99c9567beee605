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
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

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


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_daemon(bin_dir, db, tmp, cache=True):
    log = open(os.path.join(tmp, 'daemon.log'), 'w+')
    p = subprocess.Popen([os.path.join(bin_dir, 'haven-search'), '--db', db, '--http', '127.0.0.1:0',
                          '--threads', str(THREADS), '--web', os.path.join(REPO, 'web')] +
                         ([] if cache else ['--no-answer-cache']),
                         stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        log.seek(0)
        m = re.search(r'listening on (http://\S+)/', log.read())
        if m:
            return p, m.group(1)
        time.sleep(0.1)
    p.kill()
    sys.exit('http_load: the daemon did not start')


def start_nginx(www, tmp):
    port = free_port()
    conf = os.path.join(tmp, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write(f'''daemon off;
worker_processes {THREADS};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {www};
        default_type application/json;
    }}
}}
''')
    p = subprocess.Popen(['nginx', '-c', conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.2):
                return p, f'http://127.0.0.1:{port}'
        except OSError:
            time.sleep(0.1)
    p.kill()
    sys.exit('http_load: nginx did not start')


def run_wrk(base, paths, seconds, tmp, name):
    script = os.path.join(tmp, f'{name}.lua')
    with open(script, 'w') as f:
        f.write('local paths = {' + ','.join(json.dumps(p) for p in paths) + '}\n'
                'local i = 0\n'
                'request = function()\n'
                '  i = i % #paths + 1\n'
                '  return wrk.format("GET", paths[i])\n'
                'end\n')
    out = subprocess.run(['wrk', '-t', str(THREADS), '-c', str(CONNECTIONS), '-d', f'{seconds}s',
                          '--latency', '-s', script, base], capture_output=True, text=True,
                         check=True).stdout
    def latency(pct):
        m = re.search(rf'^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$', out, re.M)
        if not m:
            return float('nan')
        return float(m.group(1)) * {'us': 1e-3, 'ms': 1, 's': 1e3}[m.group(2)]
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1))
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    sock = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return {'rps': rps, 'p50_ms': latency(50), 'p99_ms': latency(99), 'errors': errors}


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
    with tempfile.TemporaryDirectory(prefix='haven-http-') as tmp:
        os.chmod(tmp, 0o755)
        www = os.path.join(tmp, 'www')
        os.makedirs(www)
        daemon, base = start_daemon(args.bin, args.db, tmp)
        nginx = None
        try:
            static_paths = []
            for i, path in enumerate(paths):
                with urllib.request.urlopen(base + path) as r:
                    body = r.read()
                with open(os.path.join(www, f'q{i}.json'), 'wb') as f:
                    f.write(body)
                static_paths.append(f'/q{i}.json')
            haven = run_wrk(base, paths, args.seconds, tmp, 'haven')
            daemon.terminate()
            daemon.wait(timeout=30)
            daemon, base = start_daemon(args.bin, args.db, tmp, cache=False)
            fresh = run_wrk(base, paths, args.seconds, tmp, 'haven-fresh')
            nginx, nginx_base = start_nginx(www, tmp)
            ceiling = run_wrk(nginx_base, static_paths, args.seconds, tmp, 'nginx')
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)
            if nginx:
                nginx.terminate()
                nginx.wait(timeout=30)
    print(f'http: wrk -t{THREADS} -c{CONNECTIONS} {args.seconds}s keep-alive, {len(paths)} queries in turn')
    for name, r in (('haven /api/search', haven), ('haven, no answer cache', fresh),
                    ('nginx, same bodies', ceiling)):
        print(f'  {name:24s} {r["rps"]:9.0f} req/s  p50 {r["p50_ms"]:.2f} ms  p99 {r["p99_ms"]:.2f} ms  '
              f'errors {r["errors"]}')
    print(f'  haven / nginx requests per second: {haven["rps"] / ceiling["rps"]:.2f} '
          f'(every query answered afresh: {fresh["rps"] / ceiling["rps"]:.2f})')


if __name__ == '__main__':
    main()
