#!/usr/bin/env python3
"""Haven at scale, side by side with SQLite FTS5, PostgreSQL full-text search
and Xapian's omindex/quest, on the same passages and the same queries.

For every corpus size (make_corpus.py builds it when missing) and engine:
build wall seconds and MB/s of raw passage text, index size over raw text,
query latency p50/p95/p99 from one warm stream, queries per second with two
streams in parallel, peak RSS of the indexer and the searcher.  Haven's HTTP
daemon is driven by wrk next to nginx serving the same JSON bodies as static
files (the loopback HTTP ceiling).  Raw JSON goes to benchmarks/results/,
tables to benchmarks/RESULTS.md, plots (gnuplot) to benchmarks/results/.

How each latency is measured (see RESULTS.md):
  haven   took_ms printed by haven-search --stdin --json (parse, rank, snippets)
  fts5    perf_counter around execute()+fetchall() of the top-10 + snippet() query
  pg      psql \\timing in one session (client round trip, no process start)
  xapian  wall time of one quest process per query (includes process start-up;
          the start-up floor is measured separately and reported)

usage: run.py [--sizes 10000,100000] [--with-1m] [--engines haven,fts5,pg,xapian]
              [--wrk-seconds N] [--skip-http] [--bin DIR]
"""
import argparse
import concurrent.futures
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import http_harness  # noqa: E402  (benchmarks/http_harness.py, shared with http_load.py)
DATA = os.path.join(REPO, 'benchmarks', 'data', 'scale')
RESULTS = os.path.join(REPO, 'benchmarks', 'results')
TMP = os.path.join(RESULTS, 'tmp', 'scale')
PGBIN = '/usr/lib/postgresql/15/bin'
PG_CONFIG = {'en': 'english', 'nl': 'dutch', 'ru': 'russian'}
ENGINES = ['haven', 'fts5', 'pg', 'xapian']
TOOLS = {'/usr/bin/time': 'time', 'wrk': 'wrk', 'nginx': 'nginx-light', 'gnuplot': 'gnuplot-nox',
         'omindex': 'xapian-omega', 'quest': 'xapian-tools', PGBIN + '/postgres': 'postgresql',
         'psql': 'postgresql-client'}
HTTP_PATHS = 200  # distinct queries in the wrk mix


def log(*a):
    print('[scale]', *a, file=sys.stderr, flush=True)


def percentile(values, p):
    s = sorted(values)
    if not s:
        return None
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def lat_summary(ms):
    return {'n': len(ms), 'p50_ms': percentile(ms, 50), 'p95_ms': percentile(ms, 95),
            'p99_ms': percentile(ms, 99), 'mean_ms': sum(ms) / len(ms) if ms else None}


def du_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def ensure_tools():
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if missing:
        log('installing', ' '.join(missing))
        sudo = [] if os.geteuid() == 0 else ['sudo']
        subprocess.run(sudo + ['apt-get', 'install', '-y', '-qq', '--no-install-recommends'] + missing,
                       check=True, env=dict(os.environ, DEBIAN_FRONTEND='noninteractive'))


def timed(cmd, **kw):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS KiB, CompletedProcess)."""
    fd, tf = tempfile.mkstemp(prefix='time-', dir=TMP)
    os.close(fd)
    t0 = time.perf_counter()
    r = subprocess.run(['/usr/bin/time', '-v', '-o', tf] + cmd, **kw)
    wall = time.perf_counter() - t0
    rss = None
    with open(tf) as f:
        for line in f:
            if 'Maximum resident set size' in line:
                rss = int(line.rsplit(':', 1)[1])
    os.unlink(tf)
    if r.returncode != 0:
        raise RuntimeError(f'{cmd[0]} exited {r.returncode}: {(r.stderr or b"")[-2000:]!r}')
    return wall, rss, r


def vm_hwm_kib(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_parallel(fn, streams):
    """Runs fn(k) for k in range(streams) at once; returns (wall s, results)."""
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(streams) as ex:
        res = list(ex.map(fn, range(streams)))
    return time.perf_counter() - t0, res


def rotated(queries, k):
    """Stream k starts half-way through the list so two streams don't move in lockstep."""
    off = (len(queries) // 2) * k
    return queries[off:] + queries[:off]


# ---- query translation --------------------------------------------------

def haven_query(q):
    return q['text']


def fts5_query(q):
    if q['kind'] == 'phrase':
        return '"' + ' '.join(q['words']) + '"'
    if q['kind'] == 'prefix':
        return '"' + q['words'][0] + '"*'
    return ' OR '.join('"' + w + '"' for w in q['words'])


def pg_tsquery(q):
    cfg = PG_CONFIG[q['lang']]
    if q['kind'] == 'phrase':
        return f"phraseto_tsquery('{cfg}', '{' '.join(q['words'])}')"
    if q['kind'] == 'prefix':
        return f"to_tsquery('{cfg}', '{q['words'][0]}:*')"
    return f"to_tsquery('{cfg}', '{' | '.join(q['words'])}')"


def pg_sql(q):
    return ("SELECT id, heading, ts_headline(s.lang, s.body, s.q, 'MaxWords=25,MinWords=10') "
            "FROM (SELECT id, lang, heading, body, q FROM p, " + pg_tsquery(q) + " q "
            "WHERE tsv @@ q ORDER BY ts_rank_cd(tsv, q) DESC LIMIT 10) s;")


def xapian_query(q):
    return q['text']  # Xapian's QueryParser: OR of words, "phrase", word* with FLAG_WILDCARD


# ---- Haven --------------------------------------------------------------

def haven_build_command(bin_dir, db, corpus):
    return [os.path.join(bin_dir, 'haven-index'), '--db', db, '--no-progress',
            os.path.join(corpus, 'docs')]


def omindex_command(db, corpus):
    return ['omindex', '--db', db, '--url', '/', os.path.join(corpus, 'docs')]


def bench_haven(corpus, work, queries, args, largest):
    res = {'engine': 'haven'}
    db = os.path.join(work, 'haven')
    shutil.rmtree(db, ignore_errors=True)
    wall, rss, _ = timed(haven_build_command(args.bin, db, corpus), capture_output=True)
    res.update(build_s=wall, build_rss_kib=rss, index_bytes=du_bytes(db))
    delve = shutil.which('xapian-delve') or shutil.which('delve')
    if delve:
        out = subprocess.run([delve, db], capture_output=True, text=True).stdout
        m = re.search(r'number of documents = (\d+)', out)
        res['documents'] = int(m.group(1)) if m else None
    search = [os.path.join(args.bin, 'haven-search'), '--db', db, '--json', '--stdin']
    text = '\n'.join(haven_query(q) for q in queries) + '\n'
    subprocess.run(search, input=text.encode(), capture_output=True, check=True)  # warm-up
    wall, rss, r = timed(search, input=text.encode(), capture_output=True)
    lines = r.stdout.decode().splitlines()
    took = [json.loads(l)['took_ms'] for l in lines]
    totals = [json.loads(l)['total'] for l in lines]
    res['latency'] = lat_summary(took)
    res['latency_by_kind'] = by_kind(queries, took)
    res['search_rss_kib'] = rss
    res['stream_wall_s'] = wall
    res['zero_hit_queries'] = sum(1 for t in totals if t == 0)

    def stream(k):
        t = '\n'.join(haven_query(q) for q in rotated(queries, k)) + '\n'
        subprocess.run(search, input=t.encode(), capture_output=True, check=True)
    wall2, _ = run_parallel(stream, 2)
    res['qps_2streams'] = 2 * len(queries) / wall2
    if not args.skip_http:
        res['http'] = bench_http(db, work, queries, args, largest)
    return res


def bench_http(db, work, queries, args, largest):
    seconds = args.wrk_seconds or (30 if largest else 10)
    mix = queries[:HTTP_PATHS]
    paths = ['/api/search?q=' + urllib.parse.quote(haven_query(q)) for q in mix]
    out = {}
    static = tempfile.mkdtemp(prefix='hv-scale-nginx-')
    os.chmod(static, 0o755)
    proc, base = http_harness.start_daemon(os.path.join(args.bin, 'haven-search'), db, work)
    try:
        spaths = http_harness.save_bodies(base, paths, static)
        out['haven'] = http_harness.run_wrk(base, paths, seconds, work, 'haven')
        out['haven']['daemon_rss_kib'] = vm_hwm_kib(proc.pid)
        out['body_bytes_mean'] = sum(os.path.getsize(os.path.join(static, p[1:])) for p in spaths) / len(spaths)
    finally:
        http_harness.stop(proc)
    nginx_dir = tempfile.mkdtemp(prefix='hv-scale-nginxrun-')
    os.chmod(nginx_dir, 0o755)
    nginx, nginx_base = http_harness.start_nginx(static, nginx_dir)
    try:
        out['nginx'] = http_harness.run_wrk(nginx_base, spaths, seconds, work, 'nginx')
    finally:
        http_harness.stop(nginx, signal.SIGQUIT)
        shutil.rmtree(nginx_dir, ignore_errors=True)
        shutil.rmtree(static, ignore_errors=True)
    return out


def by_kind(queries, ms):
    kinds = {}
    for q, t in zip(queries, ms):
        kinds.setdefault(q['kind'], []).append(t)
    return {k: {'p50_ms': percentile(v, 50), 'p99_ms': percentile(v, 99)} for k, v in kinds.items()}


# ---- SQLite FTS5 (the worker runs in a child process so GNU time sees it) ----

def fts5_build(db, jsonl):
    if os.path.exists(db):
        os.unlink(db)
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE p USING fts5(heading, body, lang UNINDEXED, "
                "tokenize='unicode61 remove_diacritics 2')")
    with open(jsonl, encoding='utf-8') as f:
        rows = ((d['id'] + 1, d['heading'], d['text'], d['lang']) for d in map(json.loads, f))
        with con:
            con.executemany('INSERT INTO p(rowid, heading, body, lang) VALUES (?,?,?,?)', rows)
    with con:
        con.execute("INSERT INTO p(p) VALUES('optimize')")
    con.close()


def fts5_search(db, qfile, out):
    con = sqlite3.connect(db)
    sql = ("SELECT rowid, heading, snippet(p, 1, '<mark>', '</mark>', '...', 16) "
           "FROM p WHERE p MATCH ? ORDER BY rank LIMIT 10")
    ms, hits = [], []
    with open(qfile, encoding='utf-8') as f:
        qs = [l.rstrip('\n') for l in f]
    for q in qs:
        t0 = time.perf_counter()
        try:
            rows = con.execute(sql, (q,)).fetchall()
        except sqlite3.OperationalError:
            rows = []
        ms.append((time.perf_counter() - t0) * 1000)
        hits.append(len(rows))
    with open(out, 'w') as f:
        json.dump({'ms': ms, 'hits': hits}, f)


def write_fts5_queries(path, queries):
    """The queries as FTS5 MATCH expressions, one per line, for _fts5-search; returns path."""
    with open(path, 'w', encoding='utf-8') as f:
        f.write(''.join(fts5_query(q) + '\n' for q in queries))
    return path


def bench_fts5(corpus, work, queries, args, largest):
    res = {'engine': 'fts5', 'sqlite_version': sqlite3.sqlite_version}
    db = os.path.join(work, 'fts5.db')
    me = [sys.executable, os.path.abspath(__file__)]
    wall, rss, _ = timed(me + ['_fts5-build', db, os.path.join(corpus, 'passages.jsonl')],
                         capture_output=True)
    res.update(build_s=wall, build_rss_kib=rss, index_bytes=du_bytes(db))

    def qfile(k):
        return write_fts5_queries(os.path.join(work, f'fts5-q{k}.txt'), rotated(queries, k))
    q0 = qfile(0)
    outp = os.path.join(work, 'fts5-out.json')
    subprocess.run(me + ['_fts5-search', db, q0, outp], check=True)  # warm-up
    wall, rss, _ = timed(me + ['_fts5-search', db, q0, outp], capture_output=True)
    with open(outp) as f:
        d = json.load(f)
    res['latency'] = lat_summary(d['ms'])
    res['latency_by_kind'] = by_kind(queries, d['ms'])
    res['search_rss_kib'] = rss
    res['zero_hit_queries'] = sum(1 for h in d['hits'] if h == 0)
    files = [q0, qfile(1)]
    wall2, _ = run_parallel(lambda k: subprocess.run(
        me + ['_fts5-search', db, files[k], outp + str(k)], check=True), 2)
    res['qps_2streams'] = 2 * len(queries) / wall2
    return res


# ---- PostgreSQL ---------------------------------------------------------

class Postgres:
    """A private server: own data directory, Unix socket only, run as user postgres."""

    def __init__(self, base):
        self.base = base
        self.data = os.path.join(base, 'data')
        self.proc = None
        self.rss_file = None

    def init(self):
        if os.path.exists(self.base):
            shutil.rmtree(self.base)
        os.makedirs(self.base)
        os.chmod(self.base, 0o755)
        shutil.chown(self.base, 'postgres')
        subprocess.run(['runuser', '-u', 'postgres', '--', PGBIN + '/initdb', '-D', self.data,
                        '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
                       check=True, capture_output=True)

    def start(self, tag):
        self.rss_file = os.path.join(self.base, f'time-{tag}.txt')
        self.proc = subprocess.Popen(
            ['runuser', '-u', 'postgres', '--', '/usr/bin/time', '-v', '-o', self.rss_file,
             PGBIN + '/postgres', '-D', self.data, '-k', self.base, '-c', 'listen_addresses=',
             '-c', 'shared_buffers=256MB', '-c', 'maintenance_work_mem=256MB',
             '-c', 'work_mem=16MB', '-c', 'max_wal_size=4GB', '-c', 'logging_collector=off'],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.base, f'log-{tag}.txt'), 'w'))
        for _ in range(200):
            if subprocess.run(['psql', '-X', '-h', self.base, '-U', 'postgres', '-d', 'postgres',
                               '-c', 'select 1'], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError('postgres did not start; see ' + self.base)

    def stop(self):
        """Stops the server; returns the peak RSS (KiB) of its largest process."""
        subprocess.run(['runuser', '-u', 'postgres', '--', PGBIN + '/pg_ctl', '-D', self.data,
                        'stop', '-m', 'fast'], capture_output=True)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with open(self.rss_file) as f:
            for line in f:
                if 'Maximum resident set size' in line:
                    return int(line.rsplit(':', 1)[1])
        return None

    def psql(self, script, stdin=None, **kw):
        return subprocess.run(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
                               '-h', self.base, '-U', 'postgres', '-d', 'postgres', '-f', script],
                              stdin=stdin, capture_output=True, text=True, **kw)


PG_BUILD = r'''
\timing on
CREATE TABLE p (id int PRIMARY KEY, lang regconfig NOT NULL, heading text, body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector(lang, coalesce(heading, '') || ' ' || body)) STORED);
\copy p (id, lang, heading, body) from pstdin
CREATE INDEX p_tsv ON p USING gin (tsv);
VACUUM ANALYZE p;
CHECKPOINT;
'''


def bench_pg(corpus, work, queries, args, largest):
    res = {'engine': 'pg'}
    top = tempfile.mkdtemp(prefix='hv-scale-pg-')
    os.chmod(top, 0o755)
    pg = Postgres(top + '/pg')
    try:
        pg.init()
        res['version'] = subprocess.run([PGBIN + '/postgres', '--version'], capture_output=True,
                                        text=True).stdout.strip()
        copyfile = os.path.join(work, 'pg-copy.tsv')
        with open(os.path.join(corpus, 'passages.jsonl'), encoding='utf-8') as f, \
                open(copyfile, 'w', encoding='utf-8') as out:
            for d in map(json.loads, f):
                out.write(f"{d['id']}\t{PG_CONFIG[d['lang']]}\t{d['heading']}\t{d['text']}\n")
        script = os.path.join(work, 'pg-build.sql')
        with open(script, 'w') as f:
            f.write(PG_BUILD)
        pg.start('build')
        t0 = time.perf_counter()
        with open(copyfile) as stdin:
            r = pg.psql(script, stdin=stdin)
        res['build_s'] = time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError('pg build: ' + r.stderr)
        res['build_steps_ms'] = [float(x) for x in re.findall(r'Time: ([\d.]+) ms', r.stdout)]
        size_sql = os.path.join(work, 'pg-size.sql')
        with open(size_sql, 'w') as f:
            f.write("SELECT pg_total_relation_size('p'), pg_relation_size('p_tsv'), count(*) FROM p;")
        total, gin, count = pg.psql(size_sql).stdout.strip().split('|')
        res.update(index_bytes=int(total), gin_bytes=int(gin), documents=int(count))
        res['build_rss_kib'] = pg.stop()

        pg.start('search')

        def qscript(k):
            path = os.path.join(work, f'pg-q{k}.sql')
            with open(path, 'w', encoding='utf-8') as f:
                f.write('\\timing on\n\\o /dev/null\n')
                f.write(''.join(pg_sql(q) + '\n' for q in rotated(queries, k)))
            return path
        s0, s1 = qscript(0), qscript(1)
        pg.psql(s0)  # warm-up
        r = pg.psql(s0)
        ms = [float(x) for x in re.findall(r'^Time: ([\d.]+) ms', r.stdout, re.M)]
        if len(ms) != len(queries):
            raise RuntimeError(f'pg: {len(ms)} timings for {len(queries)} queries: {r.stderr[-500:]}')
        res['latency'] = lat_summary(ms)
        res['latency_by_kind'] = by_kind(queries, ms)
        files = [s0, s1]
        wall2, _ = run_parallel(lambda k: pg.psql(files[k]), 2)
        res['qps_2streams'] = 2 * len(queries) / wall2
        res['search_rss_kib'] = pg.stop()
        res['rss_note'] = 'largest postgres process over the phase; includes touched shared_buffers'
    finally:
        if pg.proc and pg.proc.poll() is None:
            pg.stop()
        shutil.rmtree(os.path.dirname(pg.base), ignore_errors=True)
    return res


# ---- Xapian omindex + quest ---------------------------------------------

def quest_command(db):
    return ['quest', '-d', db, '-m', '10', '-f', 'default,wildcard']


def quest_ms(quest, text):
    """Wall milliseconds of one quest process answering text (start-up included)."""
    t0 = time.perf_counter()
    subprocess.run(quest + [text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def bench_xapian(corpus, work, queries, args, largest):
    res = {'engine': 'xapian'}
    db = os.path.join(work, 'omega')
    shutil.rmtree(db, ignore_errors=True)
    wall, rss, _ = timed(omindex_command(db, corpus), capture_output=True)
    res.update(build_s=wall, build_rss_kib=rss, index_bytes=du_bytes(db))
    delve = shutil.which('xapian-delve') or shutil.which('delve')
    if delve:
        out = subprocess.run([delve, db], capture_output=True, text=True).stdout
        m = re.search(r'number of documents = (\d+)', out)
        res['documents'] = int(m.group(1)) if m else None
    quest = quest_command(db)

    def one(q):
        return quest_ms(quest, q)
    floor = sorted(one('zzqxv') for _ in range(50))
    res['process_floor_ms'] = percentile(floor, 50)
    texts = [xapian_query(q) for q in queries]
    for t in texts:  # warm-up
        one(t)
    ms = [one(t) for t in texts]
    res['latency'] = lat_summary(ms)
    res['latency_minus_floor'] = lat_summary([max(0.0, m - res['process_floor_ms']) for m in ms])
    res['latency_by_kind'] = by_kind(queries, ms)
    wall2, _ = run_parallel(lambda k: [one(xapian_query(q)) for q in rotated(queries, k)], 2)
    res['qps_2streams'] = 2 * len(queries) / wall2
    peaks = [timed(quest + [t], capture_output=True)[1] for t in texts[:30]]
    res['search_rss_kib'] = max(peaks)
    res['note'] = ('omindex indexes whole files (about 20 passages each), english stemmer; '
                   'quest prints no snippets and starts one process per query')
    return res


# ---- report -------------------------------------------------------------

def machine():
    model = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        mem_kib = int(f.readline().split()[1])
    return {'nproc': os.cpu_count(), 'mem_gib': round(mem_kib / 2**20, 1), 'cpu': model,
            'kernel': platform.release(), 'python': platform.python_version()}


LABEL = {'haven': 'Haven', 'fts5': 'SQLite FTS5', 'pg': 'PostgreSQL FTS', 'xapian': 'Xapian omindex/quest'}


def fmt(v, nd=1):
    if v is None:
        return '–'
    if isinstance(v, float):
        if abs(v) >= 100:
            return f'{v:.0f}'
        return f'{v:.{nd}f}' if abs(v) >= 1 else f'{v:.{max(nd, 2)}f}'
    return str(v)


def ratio(v, h):
    return f' ({v / h:.2g}×)' if v is not None and h else ''


def runs_note(run):
    """A line saying so when --keep merged engines measured on different days:
    their ratios then come from two runs, not one."""
    days = {}
    for name, e in run['engines'].items():
        days.setdefault((e.get('measured_at') or run['started'])[:10], []).append(name)
    if len(days) < 2:
        return []
    parts = [f'{", ".join(LABEL.get(n, n) for n in names)} on {day}'
             for day, names in sorted(days.items())]
    return ['Measured in more than one run (`--keep`): ' + '; '.join(parts) +
            '. Ratios across runs carry both runs\' noise.', '']


def table_for(run):
    size = run['passages']
    raw = run['raw_text_bytes']
    rows = []
    hv = run['engines'].get('haven', {})
    lines = [f'### {size:,} passages ({raw / 1e6:.1f} MB raw text, {run["files"]} files, '
             f'{run["queries"]} queries)', '',
             'Figures in parentheses: the peer\'s figure divided by Haven\'s.', '',
             *runs_note(run),
             '| engine | build s | build MB/s | index / raw | p50 ms | p95 ms | p99 ms | '
             'QPS (2 streams) | indexer RSS MB | searcher RSS MB |',
             '|---|---|---|---|---|---|---|---|---|---|']
    for name in ENGINES:
        e = run['engines'].get(name)
        if not e or 'error' in e:
            if e:
                lines.append(f'| {LABEL[name]} | failed: {e["error"][:80]} |||||||||')
            continue
        mbs = raw / 1e6 / e['build_s']
        ir = e['index_bytes'] / raw
        lat = e['latency']
        cells = [
            LABEL[name],
            fmt(e['build_s']) + ratio(e['build_s'], hv.get('build_s')) * (name != 'haven'),
            fmt(mbs, 2) + (ratio(mbs, raw / 1e6 / hv['build_s']) if name != 'haven' and hv else ''),
            fmt(ir, 2) + (ratio(ir, hv['index_bytes'] / raw) if name != 'haven' and hv else ''),
        ]
        for p in ('p50_ms', 'p95_ms', 'p99_ms'):
            cells.append(fmt(lat[p], 2) + (ratio(lat[p], hv['latency'][p]) if name != 'haven' and hv else ''))
        cells.append(fmt(e['qps_2streams']) + (ratio(e['qps_2streams'], hv['qps_2streams'])
                                               if name != 'haven' and hv else ''))
        for k in ('build_rss_kib', 'search_rss_kib'):
            v = e.get(k)
            cells.append(fmt(v / 1024 if v else None) +
                         (ratio(v, hv.get(k)) if name != 'haven' and hv and v else ''))
        lines.append('| ' + ' | '.join(cells) + ' |')
    lines.append('')
    notes = []
    if 'xapian' in run['engines'] and 'latency_minus_floor' in run['engines']['xapian']:
        x = run['engines']['xapian']
        notes.append(f'Xapian quest: process start-up floor {x["process_floor_ms"]:.2f} ms (median of a '
                     f'no-match query); latency minus that floor p50 {x["latency_minus_floor"]["p50_ms"]:.2f} / '
                     f'p99 {x["latency_minus_floor"]["p99_ms"]:.2f} ms. omindex documents: {x.get("documents")} '
                     '(whole files).')
    if 'pg' in run['engines'] and 'gin_bytes' in run['engines']['pg']:
        p = run['engines']['pg']
        notes.append(f'PostgreSQL index size counts table + TOAST + GIN (stored text included); the GIN '
                     f'index alone is {p["gin_bytes"] / raw:.2f}× raw text.')
    if hv.get('documents') is not None:
        notes.append(f'Haven passages in the index: {hv["documents"]} (corpus passages: {size}).')
    for n in ENGINES:
        e = run['engines'].get(n)
        if e and 'zero_hit_queries' in e:
            notes.append(f'{LABEL[n]}: {e["zero_hit_queries"]} of {run["queries"]} queries found nothing.')
    http = hv.get('http')
    if http:
        h, n = http['haven'], http['nginx']
        notes.append(f'HTTP (wrk, 2 threads, 4 keep-alive connections, {h["seconds"]} s, {HTTP_PATHS}-query mix, '
                     f'mean body {http["body_bytes_mean"] / 1024:.1f} KiB): Haven daemon {h["rps"]:.0f} req/s, '
                     f'p50 {h["p50_us"] / 1000:.2f} ms, p99 {h["p99_us"] / 1000:.2f} ms, errors {h["errors"]}, '
                     f'non-2xx {h["non2xx"]}, peak RSS {fmt((h["daemon_rss_kib"] or 0) / 1024)} MB; '
                     f'nginx static ceiling {n["rps"]:.0f} req/s, p50 {n["p50_us"] / 1000:.2f} ms, '
                     f'p99 {n["p99_us"] / 1000:.2f} ms (Haven at {h["rps"] / n["rps"]:.1%} of the ceiling)'
                     + (f'; measured in an earlier run, {http["measured_at"].replace("T", " ")[:16]}.'
                        if http.get('measured_at') else '.'))
    lines += ['- ' + n for n in notes]
    lines.append('')
    kinds = sorted({k for e in run['engines'].values() for k in e.get('latency_by_kind', {})})
    if kinds:
        lines += ['p50 / p99 ms by query kind:', '',
                  '| engine | ' + ' | '.join(kinds) + ' |', '|---' * (len(kinds) + 1) + '|']
        for name in ENGINES:
            e = run['engines'].get(name)
            if not e or 'latency_by_kind' not in e:
                continue
            lines.append(f'| {LABEL[name]} | ' + ' | '.join(
                f'{fmt(e["latency_by_kind"][k]["p50_ms"], 2)} / {fmt(e["latency_by_kind"][k]["p99_ms"], 2)}'
                if k in e['latency_by_kind'] else '–' for k in kinds) + ' |')
        lines.append('')
    return '\n'.join(lines)


def plots(runs):
    if not shutil.which('gnuplot') or len(runs) < 1:
        return []
    made = []
    dat = os.path.join(TMP, 'plot.dat')
    with open(dat, 'w') as f:
        for name in ENGINES:
            f.write(f'# {name}\n')
            for run in sorted(runs, key=lambda r: r['passages']):
                e = run['engines'].get(name)
                if e and 'latency' in e:
                    f.write(f"{run['passages']} {e['latency']['p50_ms']} {e['latency']['p95_ms']} "
                            f"{e['latency']['p99_ms']} {e['index_bytes'] / run['raw_text_bytes']}\n")
            f.write('\n\n')
    colors = {'haven': '#d62728', 'fts5': '#1f77b4', 'pg': '#2ca02c', 'xapian': '#9467bd'}
    lat_png = os.path.join(RESULTS, 'scale-latency.png')
    size_png = os.path.join(RESULTS, 'scale-index-size.png')
    lat_plots, size_plots = [], []
    for i, name in enumerate(ENGINES):
        c = colors[name]
        lat_plots += [f"'{dat}' index {i} using 1:2 with linespoints lc rgb '{c}' dt 1 pt 7 title '{LABEL[name]} p50'",
                      f"'{dat}' index {i} using 1:3 with linespoints lc rgb '{c}' dt 2 pt 5 title '{LABEL[name]} p95'",
                      f"'{dat}' index {i} using 1:4 with linespoints lc rgb '{c}' dt 3 pt 9 title '{LABEL[name]} p99'"]
        size_plots.append(f"'{dat}' index {i} using 1:5 with linespoints lc rgb '{c}' pt 7 lw 2 title '{LABEL[name]}'")
    script = f'''
set terminal pngcairo size 1000,650 noenhanced
set logscale x
set grid
set key outside right
set xlabel 'passages'
set output '{lat_png}'
set logscale y
set ylabel 'query latency, ms (log)'
set title 'Query latency percentiles against corpus size'
plot {", ".join(lat_plots)}
set output '{size_png}'
unset logscale y
set yrange [0:*]
set ylabel 'index size / raw text'
set title 'Index size as a multiple of the raw passage text'
plot {", ".join(size_plots)}
'''
    r = subprocess.run(['gnuplot'], input=script, capture_output=True, text=True)
    if r.returncode != 0:
        log('gnuplot failed:', r.stderr[-500:])
        return []
    return [lat_png, size_png]


def write_results_md(runs, args, pngs):
    m = machine()
    sizes = ','.join(str(r['passages']) for r in sorted(runs, key=lambda r: r['passages']))
    out = ['# Haven at scale, side by side', '',
           f'Generated by `benchmarks/scale/run.py` on {time.strftime("%Y-%m-%d %H:%M")}.  '
           'Raw figures: `benchmarks/results/scale-<passages>.json`.', '',
           '## Machine', '',
           f'- CPU: {m["cpu"]} ({m["nproc"]} cores as seen by nproc)',
           f'- Memory: {m["mem_gib"]} GiB; kernel {m["kernel"]}; Python {m["python"]}',
           '- Engines: Haven (this tree, bin/), SQLite ' + sqlite3.sqlite_version +
           ' FTS5 through Python\'s sqlite3, ' +
           next((r['engines']['pg'].get('version', 'PostgreSQL') for r in runs if 'pg' in r['engines']), 'PostgreSQL') +
           ', Xapian omindex/quest 1.4 (xapian-omega, xapian-tools), wrk 4.1, nginx 1.22.', '',
           '## Reproduce', '',
           '```sh',
           f'python3 benchmarks/scale/run.py --sizes {sizes}   # the sizes below, all engines',
           'make bench-scale            # run.py, then alternate.py, for SCALE_SIZES (default 10000,100000)',
           'python3 benchmarks/scale/make_corpus.py --passages 100000   # corpus + queries only',
           'python3 benchmarks/scale/run.py --sizes 10000 --engines haven,fts5   # a subset',
           'python3 benchmarks/scale/alternate.py --sizes 10000,100000 --rounds 5  # latency ratios, alternating',
           '```', '',
           'The corpus: real sentences from Debian\'s GIMP manual (gimp-help-en/-nl/-ru) and the Dutch '
           'and Russian man pages (manpages-nl/-ru), remixed with a fixed seed into passages of 40–200 '
           'words, each in one language, each under its own `<h2>`, 20 per HTML file '
           '(`benchmarks/data/scale/<N>/docs/`, also `passages.jsonl`). Queries: '
           '`benchmarks/data/scale/<N>/queries.jsonl`, 1,200 per size, equal thirds nl/en/ru: '
           'rare/medium/common 1–3 word queries, 2–3 word phrases, prefixes (4–6 letters + `*`), '
           'question word + content words.', '',
           '## How each figure is measured', '',
           '- **build s**: wall time of the whole build (Haven `haven-index`, omindex over the same HTML '
           'files; FTS5 inserts in one transaction plus `optimize`; PostgreSQL `\\copy` into a table with a '
           'generated `tsvector` column (per-passage `dutch`/`english`/`russian` regconfig), GIN index, '
           '`VACUUM ANALYZE`, `CHECKPOINT`). **MB/s** = raw passage text (UTF-8 bytes of the passages, '
           'no markup) / build s.',
           '- **index / raw**: on-disk size of the index (Haven and omindex: the database folder; FTS5: the '
           'database file, stored text included; PostgreSQL: `pg_total_relation_size`, stored text and '
           'generated tsvector included) over the raw passage text.',
           '- **p50/p95/p99**: one stream of all queries after one warm-up pass of the same queries. '
           'Haven: `took_ms` from `haven-search --json --stdin` (parse, rank, snippets). FTS5: time around '
           '`execute()+fetchall()` of `MATCH ? ORDER BY rank LIMIT 10` with `snippet()` (bm25), in-process. '
           'PostgreSQL: psql `\\timing` in one session (client round trip; no process start), query '
           '`tsv @@ q ORDER BY ts_rank_cd LIMIT 10` then `ts_headline` on the ten. Xapian: wall time of '
           'one `quest -m 10` process per query (start-up included; the floor is given below each '
           'table). Plain words are OR-ed for every engine (Haven\'s and Xapian\'s default), phrases are '
           'phrases (`phraseto_tsquery` in PostgreSQL), prefixes are prefixes (`:*` in PostgreSQL).',
           '- **QPS (2 streams)**: two clients run the whole query list at once (the second starts half-way '
           'through); QPS = 2 × queries / wall time of both. Haven and FTS5: two searcher processes '
           '(process start included, once per stream); PostgreSQL: two psql sessions; Xapian: two loops '
           'of quest processes.',
           '- **RSS**: `/usr/bin/time -v` "Maximum resident set size" of the indexer and of the searcher '
           'stream. PostgreSQL: the largest server process over the build phase and over the query '
           'phase (the server is restarted between them), shared buffers it touched included. Xapian '
           'searcher: the largest of 30 quest processes.',
           '- **HTTP**: Haven\'s daemon (`--http 127.0.0.1:0 --threads 2`) under wrk with a Lua script '
           'cycling through the first 200 queries, 2 threads, 4 keep-alive connections, 10 s (30 s at the '
           'largest size); the same 200 JSON bodies served as static files by nginx (own config, temp '
           'dir, loopback, 2 workers) under the same wrk settings is the ceiling. Daemon RSS is its '
           'VmHWM after the run.',
           '- The figures are from one run each, on whatever else the machine was doing: load average '
           'before each engine is in the JSON (`loadavg_before`); on a 2-core machine shared with other '
           'work the 2-stream QPS and the HTTP tails are the noisiest figures.',
           '']
    if pngs:
        out += ['## Plots', ''] + [f'![{os.path.basename(p)}](results/{os.path.basename(p)})' for p in pngs] + ['']
    out += ['## Results', '']
    for run in sorted(runs, key=lambda r: r['passages']):
        out.append(table_for(run))
    out += alternate_section()
    # the goals hold "at every size": each size is checked, against the
    # peers of its own run (a size may have been run with Haven alone)
    out += ['## Goals of the issue, checked at every size', '']
    for run in sorted(runs, key=lambda r: r['passages']):
        peers = len([k for k, v in run['engines'].items() if 'error' not in v]) > 1
        out += [f'At {run["passages"]:,} passages ({"all engines" if peers else "Haven alone"}):', '']
        out += goals(run) + ['']
    with open(os.path.join(REPO, 'benchmarks', 'RESULTS.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


def load_results(kind):
    """The figures in benchmarks/results/<kind>-<passages>.json, in file name order."""
    found = []
    for name in sorted(os.listdir(RESULTS)):
        if re.fullmatch(re.escape(kind) + r'-(\d+)\.json', name):
            with open(os.path.join(RESULTS, name)) as f:
                found.append(json.load(f))
    return found


def alternate_section():
    """Lines for the figures of alternate.py, when it has been run."""
    found = load_results('alternate')
    if not found:
        return []
    out = ['## Latency ratios in alternating rounds', '',
           '`python3 benchmarks/scale/alternate.py` runs each engine\'s whole query stream in turn, '
           'round after round (the order turned round each time), on the indexes of the run above, '
           'and takes the median of the rounds\' ratios, so the machine\'s drift between engines '
           'mostly cancels. Figures: Haven\'s latency over the peer\'s (below 1: Haven faster); in '
           'parentheses the smallest and largest round.', '',
           '| passages | rounds | measured | Haven code | ' + ' | '.join(
               f'{e} {p}' for e in ('fts5', 'xapian') for p in ('p50', 'p99')) + ' |',
           '|---|---|---|---|' + '---|' * 4]
    for a in sorted(found, key=lambda a: a['passages']):
        cells = []
        for e in ('fts5', 'xapian'):
            for p in ('p50_ms', 'p99_ms'):
                r = a['ratios'].get(f'{e}_{p}')
                cells.append(f'{r["median"]:.2f}× ({r["min"]:.2f}–{r["max"]:.2f})' if r else '–')
        out.append(f'| {a["passages"]:,} | {a["rounds"]} | {a["measured_at"][:16].replace("T", " ")} | '
                   f'{a.get("haven_commit") or "?"} | ' + ' | '.join(cells) + ' |')
    out += ['', 'quest\'s figures include its process start-up (about 2 ms, see above), as in the '
            'tables.', '']
    builds = [a for a in sorted(found, key=lambda a: a['passages']) if a.get('build')]
    if builds:
        out += ['Indexing in alternating rounds (`alternate.py --build-rounds N`): Haven and omindex '
                'build the same files into fresh folders in turn. Figure: omindex\'s wall time over '
                'Haven\'s (the issue\'s goal: at least 2×), median and range of the rounds.', '',
                '| passages | rounds | measured | Haven code | Haven s | omindex s | omindex / Haven |',
                '|---|---|---|---|---|---|---|']
        for a in builds:
            b = a['build']
            r = b['ratio']
            out.append(f'| {a["passages"]:,} | {len(b["per_round"])} | '
                       f'{b["measured_at"][:16].replace("T", " ")} | {a.get("haven_commit") or "?"} | '
                       f'{statistics.median(x["haven_s"] for x in b["per_round"]):.2f} | '
                       f'{statistics.median(x["xapian_s"] for x in b["per_round"]):.2f} | '
                       f'{r["median"]:.2f}× ({r["min"]:.2f}–{r["max"]:.2f}) |')
        out.append('')
    return out


def goals(run):
    e = run['engines']
    hv = e.get('haven')
    if not hv or 'latency' not in hv:
        return ['Haven did not run.']
    # quest pays a process start per query, so its latency is not comparable;
    # the latency goal is checked against the in-process peers.
    peers = [n for n in ('fts5', 'pg') if n in e and 'latency' in e[n]]
    lines = []
    for p in ('p50_ms', 'p99_ms'):
        best = min(peers, key=lambda n: e[n]['latency'][p]) if peers else None
        if best:
            r = hv['latency'][p] / e[best]['latency'][p]
            lines.append(f'- Query {p[:3]}: Haven {hv["latency"][p]:.2f} ms, best peer {LABEL[best]} '
                         f'{e[best]["latency"][p]:.2f} ms → {r:.2f}× (goal ≤ 0.5×): '
                         f'{"met" if r <= 0.5 else "NOT met"}.')
    if 'xapian' in e and 'build_s' in e['xapian']:
        r = e['xapian']['build_s'] / hv['build_s']
        lines.append(f'- Indexing throughput: Haven {run["raw_text_bytes"] / 1e6 / hv["build_s"]:.2f} MB/s, '
                     f'omindex {run["raw_text_bytes"] / 1e6 / e["xapian"]["build_s"]:.2f} MB/s → {r:.2f}× '
                     f'(goal ≥ 2×): {"met" if r >= 2 else "NOT met"}.')
    built = [a['build'] for a in load_results('alternate')
             if a['passages'] == run['passages'] and a.get('build')]
    if built:
        r = built[0]['ratio']['median']
        lines.append(f'- Indexing in alternating builds (`alternate.py`): omindex / Haven {r:.2f}× '
                     f'over {len(built[0]["per_round"])} rounds (goal ≥ 2×): '
                     f'{"met" if r >= 2 else "NOT met"}.')
    r = hv['index_bytes'] / run['raw_text_bytes']
    lines.append(f'- Index size: {r:.2f}× raw text (goal ≤ 1.5×): {"met" if r <= 1.5 else "NOT met"}.')
    h = hv.get('http', {}).get('haven')
    if h and h.get('daemon_rss_kib'):
        mb = h['daemon_rss_kib'] / 1024
        lines.append(f'- Daemon peak RSS at {run["passages"]:,} passages: {mb:.0f} MB (goal ≤ 100 MB at '
                     f'1M passages{"" if run["passages"] >= 1000000 else "; 1M not run here"}).')
    return lines


def run_size(n, args, largest):
    corpus = os.path.join(DATA, str(n))
    meta_path = os.path.join(corpus, 'meta.json')
    if not os.path.exists(meta_path):
        log(f'making corpus of {n} passages')
        subprocess.run([sys.executable, os.path.join(HERE, 'make_corpus.py'), '--passages', str(n)],
                       check=True)
    with open(meta_path) as f:
        meta = json.load(f)
    with open(os.path.join(corpus, 'queries.jsonl'), encoding='utf-8') as f:
        queries = [json.loads(l) for l in f]
    work = os.path.join(TMP, str(n))
    os.makedirs(work, exist_ok=True)
    run = {'passages': n, 'files': meta['files'], 'raw_text_bytes': meta['raw_text_bytes'],
           'words': meta['words'], 'queries': len(queries), 'machine': machine(),
           'started': time.strftime('%Y-%m-%dT%H:%M:%S'), 'engines': {}}
    out = os.path.join(RESULTS, f'scale-{n}.json')
    if os.path.exists(out) and args.keep:
        with open(out) as f:
            run = json.load(f)
    bench = {'haven': bench_haven, 'fts5': bench_fts5, 'pg': bench_pg, 'xapian': bench_xapian}
    for name in args.engines:
        log(f'{n} passages: {name}')
        t0 = time.perf_counter()
        with open('/proc/loadavg') as f:
            load = f.read().split()[0]
        previous = run['engines'].get(name, {})
        try:
            run['engines'][name] = bench[name](corpus, work, queries, args, largest)
            # with --keep, --skip-http keeps the daemon's figures of the run before
            if args.skip_http and 'http' in previous and 'http' not in run['engines'][name]:
                run['engines'][name]['http'] = dict(
                    previous['http'],
                    measured_at=previous['http'].get('measured_at', previous.get('measured_at')))
        except Exception as ex:  # one engine failing must not lose the others' figures
            log(f'{name} failed: {ex}')
            run['engines'][name] = {'engine': name, 'error': str(ex)}
        run['engines'][name]['bench_wall_s'] = time.perf_counter() - t0
        run['engines'][name]['loadavg_before'] = float(load)
        run['engines'][name]['measured_at'] = time.strftime('%Y-%m-%dT%H:%M:%S')
        log(f'{name} done in {time.perf_counter() - t0:.0f} s')
        with open(out, 'w') as f:
            json.dump(run, f, indent=1)
    return run


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '_fts5-build':
        return fts5_build(*sys.argv[2:4])
    if len(sys.argv) > 1 and sys.argv[1] == '_fts5-search':
        return fts5_search(*sys.argv[2:5])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', default='10000,100000')
    ap.add_argument('--with-1m', action='store_true', help='add 1,000,000 passages')
    ap.add_argument('--engines', default=','.join(ENGINES))
    ap.add_argument('--bin', default=os.path.join(REPO, 'bin'))
    ap.add_argument('--wrk-seconds', type=int, help='default 10, 30 at the largest size')
    ap.add_argument('--skip-http', action='store_true')
    ap.add_argument('--keep', action='store_true',
                    help='keep figures of engines not run now from an earlier results file')
    ap.add_argument('--no-report', action='store_true')
    ap.add_argument('--report-only', action='store_true',
                    help='only rewrite RESULTS.md and the plots from benchmarks/results/scale-*.json')
    args = ap.parse_args()
    args.engines = [e for e in args.engines.split(',') if e]
    sizes = [int(s) for s in args.sizes.split(',') if s]
    if args.with_1m and 1000000 not in sizes:
        sizes.append(1000000)
    sizes.sort()
    os.makedirs(TMP, exist_ok=True)
    ensure_tools()
    for n in sizes if not args.report_only else []:
        run_size(n, args, n == sizes[-1])
    runs = load_results('scale')
    if not args.no_report and runs:
        pngs = plots(runs)
        write_results_md(runs, args, pngs)
        log('wrote benchmarks/RESULTS.md')


if __name__ == '__main__':
    sys.exit(main())
