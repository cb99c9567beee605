"""Driving Haven's HTTP daemon and nginx with wrk, for the benchmarks.

Shared by http_load.py (make bench) and scale/run.py (make bench-scale):
start the daemon on an ephemeral port, save its answers as static files,
serve those from nginx (the loopback ceiling for the same bodies), and run
wrk over a fixed list of paths, each thread starting at a random one.
"""
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

WRK_LUA = r'''
local paths = {%s}
local i = 0
init = function(args)
  i = math.random(#paths)
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%%d,"duration_us":%%d,"errors":%%d,"non2xx":%%d,' ..
    '"bytes":%%d,"p50_us":%%d,"p90_us":%%d,"p99_us":%%d,"mean_us":%%f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean))
end
'''

NGINX_CONF = '''
worker_processes {workers};
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  default_type application/json;
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
'''


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def stop(proc, sig=signal.SIGTERM):
    """Asks proc to stop, and kills it when it has not within 10 seconds."""
    proc.send_signal(sig)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def start_daemon(haven_search, db, tmp, threads=2, cache=True, web=None):
    """Starts `haven-search --http 127.0.0.1:0`; returns the process and its
    base URL, read from the line it prints once listening."""
    log = open(os.path.join(tmp, 'daemon.log'), 'w+')
    cmd = [haven_search, '--db', db, '--http', '127.0.0.1:0', '--threads', str(threads)]
    cmd += ['--web', web] if web else []
    cmd += [] if cache else ['--no-answer-cache']
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        log.seek(0)
        m = re.search(r'listening on (http://\S+?)/?\s', log.read())
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop(proc)
    log.seek(0)
    raise RuntimeError('the daemon did not start: ' + log.read()[-2000:])


def save_bodies(base, paths, www):
    """Fetches every path once and writes its body under www; returns the
    static paths, in the same order."""
    static = []
    for i, path in enumerate(paths):
        with urllib.request.urlopen(base + path, timeout=30) as r:
            body = r.read()
        name = f'q{i:04d}.json'
        with open(os.path.join(www, name), 'wb') as f:
            f.write(body)
        os.chmod(os.path.join(www, name), 0o644)
        static.append('/' + name)
    return static


def start_nginx(root, tmp, workers=2):
    """Serves root from nginx on an ephemeral port; returns the process and
    its base URL."""
    port = free_port()
    conf = os.path.join(tmp, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write(NGINX_CONF.format(workers=workers, d=tmp, port=port, root=root))
    proc = subprocess.Popen(['nginx', '-c', conf, '-p', tmp, '-g', 'daemon off;'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(('127.0.0.1', port), 0.2).close()
            return proc, f'http://127.0.0.1:{port}'
        except OSError:
            time.sleep(0.05)
    stop(proc, signal.SIGQUIT)
    raise RuntimeError('nginx did not start')


def run_wrk(base, paths, seconds, tmp, name, threads=2, connections=4):
    """wrk over paths in turn.  Returns wrk's own summary (requests,
    duration_us, errors: socket errors, non2xx, bytes, p50_us, p90_us,
    p99_us, mean_us) with rps and seconds added."""
    lua = os.path.join(tmp, f'{name}.lua')
    with open(lua, 'w') as f:
        f.write(WRK_LUA % ', '.join(json.dumps(p) for p in paths))
    r = subprocess.run(['wrk', f'-t{threads}', f'-c{connections}', f'-d{seconds}s', '--timeout', '10s',
                        '-s', lua, base + '/'], capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r'WRKJSON (\{.*\})', r.stdout)
    if not m:
        raise RuntimeError('wrk gave no summary: ' + r.stdout + r.stderr)
    d = json.loads(m.group(1))
    d['rps'] = d['requests'] / (d['duration_us'] / 1e6)
    d['seconds'] = seconds
    return d
