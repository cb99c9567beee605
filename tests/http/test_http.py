#!/usr/bin/env python3
"""HTTP tests of `haven-search --http` against a real daemon on an ephemeral port.

Standard library only.  Builds its own index from a temporary copy of the
corpus (plus a test document of its own), serves a temporary copy of web/,
talks only to 127.0.0.1, and ends with the line "N passed, N failed".

    python3 tests/http/test_http.py --bin bin --corpus corpus [--web web]
"""
import argparse
import gzip
import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

# Words that occur in no real document: the test document is the only hit.
TEST_DOC = """Zorblatt testing guide

1 Zorblatt basics

The zorblatt procedure is an invented thing used only by the HTTP tests. A
zorblatt request goes to the office, and the office answers the zorblatt
request within a week.

2 Zorblatt appeals

When a zorblatt request is refused, the applicant may appeal. The appeal of a
zorblatt decision is written in English and sent by post.

3 Zorblatt costs

Nobody pays for a zorblatt request. The costs of the zorblatt office are paid
by the test suite itself.
"""

LIVE_DOC = """Quembrix live update

The quembrix notice was added while the daemon was answering searches, to show
that a running daemon sees a new revision of the index without a restart.
"""

SECRET = "haven-secret-" + uuid.uuid4().hex


class Daemon:
    """A running haven-search --http whose stdout and stderr are collected."""

    def __init__(self, binary, db, web, extra=(), address="127.0.0.1:0"):
        self.proc = subprocess.Popen(
            [binary, "--db", db, "--http", address, "--web", web, *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out, self.err = [], []
        lines = queue.Queue()

        def pump(stream, sink, forward):
            for raw in iter(stream.readline, b""):
                sink.append(raw)
                if forward:
                    lines.put(raw)
            if forward:
                lines.put(None)

        self.threads = [threading.Thread(target=pump, args=(self.proc.stdout, self.out, True)),
                        threading.Thread(target=pump, args=(self.proc.stderr, self.err, False))]
        for t in self.threads:
            t.daemon = True
            t.start()
        try:
            first = lines.get(timeout=15)
        except queue.Empty:
            first = None
        self.first_line = (first or b"").decode("utf-8", "replace").rstrip("\n")
        m = re.fullmatch(r"listening on http://(127\.0\.0\.1|\[::1\]):(\d+)/", self.first_line)
        if not m:
            self.stop()
            raise RuntimeError("daemon did not start: %r %r" % (self.first_line, b"".join(self.err)))
        self.port = int(m.group(2))

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        for t in self.threads:
            t.join(timeout=5)
        return rc

    def output(self):
        return b"".join(self.out) + b"".join(self.err)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def request(port, method, path, body=None, headers=None, conn=None):
    """One request; path goes on the wire exactly as given."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body is not None:
            if isinstance(body, str):
                body = body.encode("utf-8")
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders(body)
        r = conn.getresponse()
        data = r.read()
        return Response(r.status, r.getheaders(), data)
    finally:
        if own:
            conn.close()


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported
            self.failed += 1
            print("FAIL %s: %s" % (name, e))
            if os.environ.get("HV_TEST_VERBOSE"):
                traceback.print_exc()
        else:
            self.passed += 1
            print("ok   %s" % name)


def expect(cond, message="expectation failed"):
    if not cond:
        raise AssertionError(message)


def expect_status(r, status, what=""):
    expect(r.status == status, "%s: status %d, wanted %d, body %r"
           % (what, r.status, status, r.body[:200]))


def expect_common_headers(r, api):
    expect(r.header("Content-Security-Policy") == CSP, "CSP: %r" % r.header("Content-Security-Policy"))
    expect(r.header("X-Content-Type-Options") == "nosniff", "nosniff missing")
    expect(r.header("Referrer-Policy") == "no-referrer", "Referrer-Policy missing")
    expect(not r.all("Set-Cookie"), "a cookie was set")
    if api:
        expect(r.header("Cache-Control") == "no-store", "Cache-Control: %r" % r.header("Cache-Control"))
        expect(r.header("Content-Type") == "application/json; charset=utf-8",
               "Content-Type: %r" % r.header("Content-Type"))


def expect_error_json(r, status, what=""):
    expect_status(r, status, what)
    expect_common_headers(r, api=True)
    body = r.json()
    expect(isinstance(body.get("error"), str) and body["error"], "%s: no error message" % what)


def q(text):
    from urllib.parse import quote
    return quote(text, safe="")


def prepare(args, tmp):
    corpus = os.path.join(tmp, "corpus")
    shutil.copytree(args.corpus, corpus)
    os.makedirs(os.path.join(corpus, "en"), exist_ok=True)
    with open(os.path.join(corpus, "en", "zorblatt-http-test.txt"), "w", encoding="utf-8") as f:
        f.write(TEST_DOC)
    db = os.path.join(tmp, "db")
    subprocess.run([os.path.join(args.bin, "haven-index"), "--db", db, corpus], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    web = os.path.join(tmp, "web")
    if os.path.isfile(os.path.join(args.web, "index.html")):
        shutil.copytree(args.web, web, symlinks=False)
    else:
        os.makedirs(web)
        with open(os.path.join(web, "index.html"), "w") as f:
            f.write("<!doctype html><title>Haven</title><link rel=stylesheet href=style.css>"
                    "<script src=app.js></script>" + "<p>search</p>\n" * 50)
    with open(os.path.join(web, "style.css"), "a") as f:
        f.write("\n/* test */ body { margin: 0 }\n" * 20)
    with open(os.path.join(web, "test.js"), "w") as f:
        f.write("'use strict';\n" * 40)
    with open(os.path.join(web, "test.svg"), "w") as f:
        f.write("<svg xmlns='http://www.w3.org/2000/svg'></svg>\n")
    with open(os.path.join(web, "test.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with open(os.path.join(web, "test.txt"), "w") as f:
        f.write("plain text\n" * 30)
    # Outside the web directory, reachable only through symlinks.
    outside = os.path.join(tmp, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "secret.txt"), "w") as f:
        f.write(SECRET + "\n")
    with open(os.path.join(tmp, "secret.txt"), "w") as f:
        f.write(SECRET + "\n")
    os.symlink(os.path.join(tmp, "secret.txt"), os.path.join(web, "escape.txt"))
    os.symlink(outside, os.path.join(web, "outdir"))
    os.symlink("../secret.txt", os.path.join(web, "relative-escape.txt"))
    os.symlink("test.txt", os.path.join(web, "inside-link.txt"))
    with open(os.path.join(web, ".hidden.txt"), "w") as f:
        f.write(SECRET + "\n")
    return corpus, db, web


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="bin")
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--web", default="web")
    args = ap.parse_args()
    binary = os.path.join(args.bin, "haven-search")
    suite = Suite()
    tmp = tempfile.mkdtemp(prefix="haven-http-")
    daemons = []
    try:
        corpus, db, web = prepare(args, tmp)
        d = Daemon(binary, db, web, extra=("--threads", "2"))
        daemons.append(d)
        port = d.port
        canary = "canary-" + uuid.uuid4().hex

        def get(path, **kw):
            return request(port, "GET", path, **kw)

        def post(path, body, **kw):
            return request(port, "POST", path, body=body, **kw)

        run_api_tests(suite, port, get, post, web)
        run_error_tests(suite, port, get, post)
        run_static_tests(suite, port, get, web)
        run_traversal_tests(suite, port, get)
        run_privacy_requests(suite, get, post, canary)
        run_concurrency_tests(suite, port, get)
        run_live_reindex(suite, args, get, corpus, db)
        run_metrics_tests(suite, get, canary)

        def sigterm_exits_zero():
            rc = d.stop(signal.SIGTERM)
            expect(rc == 0, "exit status %r" % rc)
        suite.check("SIGTERM stops the daemon with status 0", sigterm_exits_zero)

        def no_canary_in_output():
            out = d.output()
            expect(canary.encode() not in out, "the query text reached the daemon's output")
            lines = [l for l in b"".join(d.out).decode("utf-8", "replace").splitlines() if l]
            expect(lines == [d.first_line], "stdout holds more than the listening line: %r" % lines)
            expect(len(b"".join(d.err).splitlines()) <= 1, "stderr is chatty: %r" % b"".join(d.err))
        suite.check("privacy: no query text in stdout or stderr", no_canary_in_output)

        run_cors_tests(suite, binary, db, web, daemons)
        run_startup_tests(suite, binary, db, web, tmp, daemons)
    except Exception as e:  # noqa: BLE001
        suite.failed += 1
        print("FAIL setup: %s" % e)
        traceback.print_exc()
    finally:
        for dm in daemons:
            if dm.proc.poll() is None:
                dm.stop(signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (suite.passed, suite.failed))
    return 1 if suite.failed else 0


def run_api_tests(suite, port, get, post, web):
    def health():
        r = get("/api/health")
        expect_status(r, 200)
        expect_common_headers(r, api=True)
        b = r.json()
        expect(b["status"] == "ok", "status %r" % b)
        expect(isinstance(b["revision"], int) and b["revision"] >= 1, "revision %r" % b)
        expect(isinstance(b["passages"], int) and b["passages"] > 0, "passages %r" % b)
        expect(isinstance(b["uptime_s"], (int, float)) and b["uptime_s"] >= 0, "uptime %r" % b)
    suite.check("GET /api/health", health)

    def check_search_body(b, query):
        expect(b["query"] == query, "query %r" % b.get("query"))
        expect(isinstance(b["total"], int) and b["total"] >= 1, "total %r" % b.get("total"))
        expect(isinstance(b["took_ms"], (int, float)), "took_ms")
        expect(b["hits"], "no hits")
        h = b["hits"][0]
        for key in ("rank", "doc", "title", "section", "lang", "score", "n", "snippet", "text"):
            expect(key in h, "hit lacks %s" % key)
        expect(h["rank"] == 1, "rank %r" % h["rank"])
        expect(h["doc"].endswith("zorblatt-http-test.txt"), "doc %r" % h["doc"])
        expect("<mark>" in h["snippet"].lower(), "snippet unmarked: %r" % h["snippet"])
        expect("zorblatt" in h["text"].lower(), "text %r" % h["text"][:80])
        expect("error" not in b, "error %r" % b.get("error"))

    def search_get():
        r = get("/api/search?q=zorblatt")
        expect_status(r, 200)
        expect_common_headers(r, api=True)
        check_search_body(r.json(), "zorblatt")
    suite.check("GET /api/search", search_get)

    def search_post():
        r = post("/api/search", json.dumps({"q": "zorblatt", "limit": 2, "offset": 0, "lang": ""}),
                 headers={"Content-Type": "application/json"})
        expect_status(r, 200)
        expect_common_headers(r, api=True)
        b = r.json()
        check_search_body(b, "zorblatt")
        expect(len(b["hits"]) <= 2, "limit not applied: %d hits" % len(b["hits"]))
    suite.check("POST /api/search", search_post)

    def limits_and_offset():
        b = get("/api/search?q=zorblatt&limit=1").json()
        expect(len(b["hits"]) == 1, "limit=1 gave %d" % len(b["hits"]))
        b2 = get("/api/search?q=zorblatt&limit=1&offset=1").json()
        expect(all(h["rank"] == 2 for h in b2["hits"]), "offset ranks %r" % b2["hits"])
        big = get("/api/search?q=" + q("de the и van a") + "&limit=500")
        expect_status(big, 200, "limit=500 is capped, not refused")
        expect(len(big.json()["hits"]) <= 100, "more than 100 hits")
        default = get("/api/search?q=" + q("de the и van a")).json()
        expect(len(default["hits"]) <= 10, "default limit above 10")
        r = post("/api/search", json.dumps({"q": "de the van", "limit": 1000}))
        expect_status(r, 200, "POST limit 1000")
        expect(len(r.json()["hits"]) <= 100, "POST more than 100 hits")
    suite.check("limit capped at 100, default 10, offset", limits_and_offset)

    def lang_filter():
        r = get("/api/search?q=zorblatt&lang=en")
        expect_status(r, 200)
        expect(r.json()["hits"], "lang=en lost the English hit")
        r = get("/api/search?q=zorblatt&lang=ru")
        expect_status(r, 200)
        expect(not r.json()["hits"], "lang=ru kept an English hit")
        r = post("/api/search", json.dumps({"q": "zorblatt", "lang": "ru"}))
        expect_status(r, 200)
        expect(not r.json()["hits"], "POST lang=ru kept an English hit")
    suite.check("lang filter", lang_filter)

    def empty_query():
        r = get("/api/search?q=")
        expect_status(r, 200)
        b = r.json()
        expect(b["hits"] == [] and isinstance(b.get("error"), str), "empty query %r" % b)
    suite.check("empty query answers 200 with an error field", empty_query)

    def query_length():
        ok = "я" * 1000  # 1000 characters, 2000 bytes
        expect_status(get("/api/search?q=" + q(ok)), 200, "1000 Cyrillic chars")
        expect_error_json(get("/api/search?q=" + q(ok + "я")), 400, "1001 chars GET")
        expect_status(post("/api/search", json.dumps({"q": ok})), 200, "1000 chars POST")
        expect_error_json(post("/api/search", json.dumps({"q": "a" * 1001})), 400, "1001 POST")
        expect_error_json(get("/api/suggest?q=" + "b" * 1001), 400, "1001 suggest")
    suite.check("q capped at 1000 characters (not bytes)", query_length)

    def suggest():
        r = get("/api/suggest?q=zorbl")
        expect_status(r, 200)
        expect_common_headers(r, api=True)
        b = r.json()
        expect(b["q"] == "zorbl", "q %r" % b)
        expect("zorblatt" in b["suggestions"], "suggestions %r" % b["suggestions"])
        expect(len(b["suggestions"]) <= 8, "more than 8 suggestions")
        expect(get("/api/suggest?q=zorblatt%20").json()["suggestions"] == [],
               "a finished word was completed")
    suite.check("GET /api/suggest", suggest)

    def passage():
        hit = get("/api/search?q=zorblatt+appeal").json()["hits"][0]
        r = get("/api/passage?doc=%s&n=%d" % (q(hit["doc"]), hit["n"]))
        expect_status(r, 200)
        expect_common_headers(r, api=True)
        b = r.json()
        expect(b["doc"] == hit["doc"], "doc %r" % b.get("doc"))
        expect("title" in b, "no title")
        ns = [p["n"] for p in b["passages"]]
        expect(hit["n"] in ns, "passage %d missing from %r" % (hit["n"], ns))
        expect(ns == sorted(ns) and all(abs(n - hit["n"]) <= 1 for n in ns), "neighbours %r" % ns)
        expect(len(ns) >= 2, "no neighbour in %r" % ns)
        for p in b["passages"]:
            for key in ("n", "section", "lang", "text"):
                expect(key in p, "passage lacks %s" % key)
    suite.check("GET /api/passage with neighbours", passage)

    def passage_absent():
        expect_error_json(get("/api/passage?doc=en/zorblatt-http-test.txt&n=99999"), 404, "n")
        expect_error_json(get("/api/passage?doc=no/such/doc.txt&n=0"), 404, "doc")
    suite.check("GET /api/passage absent -> 404", passage_absent)

    def keep_alive():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            for _ in range(3):
                r = request(port, "GET", "/api/health", conn=conn)
                expect_status(r, 200)
                expect((r.header("Connection") or "").lower() != "close", "connection closed")
        finally:
            conn.close()
    suite.check("keep-alive: several requests on one connection", keep_alive)

    def no_cors_by_default():
        for origin in ("https://evil.example", "null"):
            r = get("/api/health", headers={"Origin": origin})
            expect_status(r, 200)
            expect(r.header("Access-Control-Allow-Origin") is None, "ACAO without --cors-origin")
    suite.check("no CORS headers without --cors-origin", no_cors_by_default)


def run_error_tests(suite, port, get, post):
    cases = [
        ("GET q with %00", lambda: get("/api/search?q=a%00b"), 400),
        ("GET q with %ff", lambda: get("/api/search?q=%ff"), 400),
        ("GET q with overlong UTF-8", lambda: get("/api/search?q=%c0%af"), 400),
        ("suggest q with %00", lambda: get("/api/suggest?q=%00"), 400),
        ("suggest q with %fe", lambda: get("/api/suggest?q=ab%fe"), 400),
        ("passage doc with %ff", lambda: get("/api/passage?doc=%ff&n=1"), 400),
        ("other parameter with %ff", lambda: get("/api/health?x=%ff"), 400),
        ("missing q", lambda: get("/api/search"), 400),
        ("suggest missing q", lambda: get("/api/suggest"), 400),
        ("limit not a number", lambda: get("/api/search?q=x&limit=ten"), 400),
        ("limit negative", lambda: get("/api/search?q=x&limit=-1"), 400),
        ("limit empty", lambda: get("/api/search?q=x&limit="), 400),
        ("offset not a number", lambda: get("/api/search?q=x&offset=1e3"), 400),
        ("offset too large", lambda: get("/api/search?q=x&offset=99999999"), 400),
        ("lang unknown", lambda: get("/api/search?q=x&lang=de"), 400),
        ("passage missing n", lambda: get("/api/passage?doc=a.txt"), 400),
        ("passage bad n", lambda: get("/api/passage?doc=a.txt&n=x"), 400),
        ("passage missing doc", lambda: get("/api/passage?n=1"), 400),
        ("malformed JSON", lambda: post("/api/search", '{"q": "x"'), 400),
        ("JSON not an object", lambda: post("/api/search", '["x"]'), 400),
        ("JSON q not a string", lambda: post("/api/search", '{"q": 5}'), 400),
        ("JSON q missing", lambda: post("/api/search", '{"limit": 5}'), 400),
        ("JSON limit negative", lambda: post("/api/search", '{"q": "x", "limit": -1}'), 400),
        ("JSON limit a string", lambda: post("/api/search", '{"q": "x", "limit": "5"}'), 400),
        ("JSON limit a fraction", lambda: post("/api/search", '{"q": "x", "limit": 1.5}'), 400),
        ("JSON offset negative", lambda: post("/api/search", '{"q": "x", "offset": -3}'), 400),
        ("JSON lang unknown", lambda: post("/api/search", '{"q": "x", "lang": "fr"}'), 400),
        ("JSON lang a number", lambda: post("/api/search", '{"q": "x", "lang": 1}'), 400),
        ("JSON q with \\u0000", lambda: post("/api/search", '{"q": "a\\u0000b"}'), 400),
        ("JSON body invalid UTF-8", lambda: post("/api/search", b'{"q": "\xff"}'), 400),
        ("empty POST body", lambda: post("/api/search", b""), 400),
        ("unknown API path", lambda: get("/api/nope"), 404),
        ("unknown API path under search", lambda: get("/api/search/x"), 404),
        ("body over 16 KiB", lambda: post("/api/search", b"{" + b" " * 20000 + b"}"), 413),
        ("DELETE /api/search", lambda: request(port, "DELETE", "/api/search"), 405),
        ("PUT /api/health", lambda: request(port, "PUT", "/api/health", body=b"x"), 405),
        ("POST /api/suggest", lambda: post("/api/suggest", b"{}"), 405),
        ("POST /", lambda: post("/", b"x"), 405),
        ("DELETE /index.html", lambda: request(port, "DELETE", "/index.html"), 405),
        ("POST /metrics", lambda: post("/metrics", b"x"), 405),
        ("OPTIONS without CORS", lambda: request(port, "OPTIONS", "/api/search"), 405),
    ]
    for name, fn, status in cases:
        suite.check("%s -> %d" % (name, status), lambda fn=fn, status=status, name=name:
                    expect_error_json(fn(), status, name))

    def allow_headers():
        r = request(port, "DELETE", "/api/search")
        allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
        expect("GET" in allow and "POST" in allow, "Allow %r" % allow)
        r = request(port, "DELETE", "/index.html")
        allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
        expect("GET" in allow and "POST" not in allow, "static Allow %r" % allow)
    suite.check("405 answers carry Allow", allow_headers)

    def body_of_16k_works():
        q_json = json.dumps({"q": "zorblatt", "limit": 3})
        body = q_json[:-1] + " " * (16 * 1024 - len(q_json)) + "}"
        expect(len(body) == 16 * 1024, "test body size %d" % len(body))
        r = post("/api/search", body)
        expect_status(r, 200, "16 KiB body")
        expect(r.json()["hits"], "no hits for a 16 KiB body")
        over = q_json[:-1] + " " * (16 * 1024 - len(q_json) + 1) + "}"
        expect_error_json(post("/api/search", over), 413, "16 KiB + 1")
    suite.check("a 16 KiB POST body works, one byte more is 413", body_of_16k_works)

    def chunked_too_large():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.putrequest("POST", "/api/search")
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            chunk = b" " * 4096
            for _ in range(6):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
            r = conn.getresponse()
            r.read()
            expect(r.status == 413, "chunked 24 KiB gave %d" % r.status)
        finally:
            conn.close()
    suite.check("chunked body over 16 KiB -> 413", chunked_too_large)


def run_static_tests(suite, port, get, web):
    def read(name):
        with open(os.path.join(web, name), "rb") as f:
            return f.read()

    def index_page():
        r = get("/")
        expect_status(r, 200)
        expect_common_headers(r, api=False)
        expect(r.body == read("index.html"), "/ is not index.html")
        expect(r.header("Content-Type").startswith("text/html"), "type %r" % r.header("Content-Type"))
        expect(r.header("Content-Encoding") is None, "gzip without Accept-Encoding")
        r2 = get("/index.html")
        expect(r2.body == r.body, "/index.html differs from /")
    suite.check("GET / serves index.html", index_page)

    def content_types():
        wanted = {"style.css": "text/css", "test.js": "text/javascript", "test.svg": "image/svg+xml",
                  "test.png": "image/png", "test.txt": "text/plain", "index.html": "text/html"}
        for name, ctype in wanted.items():
            r = get("/" + name)
            expect_status(r, 200, name)
            expect_common_headers(r, api=False)
            expect((r.header("Content-Type") or "").startswith(ctype),
                   "%s: %r" % (name, r.header("Content-Type")))
            expect(r.body == read(name), "%s body differs" % name)
    suite.check("content types", content_types)

    def gzip_encoding():
        for name in ("index.html", "style.css", "test.js", "test.svg"):
            r = get("/" + name, headers={"Accept-Encoding": "br, gzip;q=0.8"})
            expect_status(r, 200, name)
            expect(r.header("Content-Encoding") == "gzip", "%s not gzipped" % name)
            expect("accept-encoding" in ",".join(r.all("Vary")).lower(), "%s: no Vary" % name)
            expect(gzip.decompress(r.body) == read(name), "%s: gunzip differs" % name)
            expect_common_headers(r, api=False)
        r = get("/test.png", headers={"Accept-Encoding": "gzip"})
        expect(r.header("Content-Encoding") is None, "png gzipped")
        expect(r.body == read("test.png"), "png body")
        r = get("/style.css", headers={"Accept-Encoding": "gzip;q=0, identity"})
        expect(r.header("Content-Encoding") is None, "gzip;q=0 still gzipped")
        expect(r.body == read("style.css"), "identity body")
    suite.check("gzip when accepted, Vary: Accept-Encoding", gzip_encoding)

    def etags():
        r = get("/style.css")
        etag = r.header("ETag")
        expect(etag and etag.startswith('"'), "ETag %r" % etag)
        r304 = get("/style.css", headers={"If-None-Match": etag})
        expect_status(r304, 304, "If-None-Match")
        expect(r304.body == b"", "304 with a body")
        expect_common_headers(r304, api=False)
        expect(r304.header("ETag") == etag, "304 ETag")
        expect_status(get("/style.css", headers={"If-None-Match": '"nope", ' + etag}), 304, "list")
        expect_status(get("/style.css", headers={"If-None-Match": '"other"'}), 200, "other tag")
        gz = get("/style.css", headers={"Accept-Encoding": "gzip"})
        expect(gz.header("ETag") != etag, "gzip variant shares the ETag")
        expect_status(get("/style.css", headers={"Accept-Encoding": "gzip",
                                                 "If-None-Match": gz.header("ETag")}), 304, "gz")
        time.sleep(0.01)
        with open(os.path.join(web, "style.css"), "a") as f:
            f.write("/* changed */\n")
        r2 = get("/style.css", headers={"If-None-Match": etag})
        expect_status(r2, 200, "changed file")
        expect(r2.header("ETag") != etag, "ETag did not change")
    suite.check("ETag and If-None-Match -> 304", etags)

    def head():
        r = request(port, "HEAD", "/index.html")
        expect_status(r, 200)
        expect(r.body == b"", "HEAD with a body")
        expect(int(r.header("Content-Length")) == len(read("index.html")), "Content-Length")
        expect_common_headers(r, api=False)
    suite.check("HEAD /index.html", head)

    def not_found():
        for path in ("/missing.html", "/outdir/", "/nope/", "/.hidden.txt", "/%2ehidden.txt"):
            r = get(path)
            expect(r.status == 404, "%s -> %d" % (path, r.status))
            expect_common_headers(r, api=True)
    suite.check("missing and hidden files -> 404", not_found)

    def inside_symlink():
        r = get("/inside-link.txt")
        expect_status(r, 200, "symlink inside web")
        expect(r.body == read("test.txt"), "symlink body")
    suite.check("a symlink within web/ is served", inside_symlink)


def run_traversal_tests(suite, port, get):
    paths = ["/../Makefile", "/%2e%2e/Makefile", "/..%2fMakefile", "/%2e%2e%2fMakefile",
             "/%252e%252e/Makefile", "/web/../Makefile", "/./index.html", "/../../../../etc/passwd",
             "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cMakefile", "/a\\..\\Makefile",
             "/escape.txt", "/relative-escape.txt", "/outdir/secret.txt", "/%2e%2e/secret.txt",
             "/..%2fsecret.txt", "/index.html%00.txt", "/%00", "/%01x", "//etc/passwd",
             "/outdir/../escape.txt", "/secret.txt"]
    for path in paths:
        def attempt(path=path):
            r = get(path)
            expect(r.status in (400, 404), "%s -> %d" % (path, r.status))
            expect(SECRET.encode() not in r.body, "%s leaked the secret" % path)
            expect(b"root:" not in r.body and b"PREFIX" not in r.body, "%s leaked a file" % path)
            expect_common_headers(r, api=True)
        suite.check("traversal %s refused" % path, attempt)


def run_privacy_requests(suite, get, post, canary):
    def send_canary():
        expect_status(get("/api/search?q=" + canary), 200, "GET")
        expect_status(post("/api/search", json.dumps({"q": canary + " zorblatt"})), 200, "POST")
        expect_status(get("/api/suggest?q=" + canary), 200, "suggest")
        get("/api/passage?doc=" + canary + "&n=1")
        expect_status(get("/api/search?q=" + canary + "%ff"), 400, "bad UTF-8")
        expect_status(post("/api/search", '{"q": "' + canary + '"'), 400, "bad JSON")
        expect_status(get("/" + canary + ".html"), 404, "static")
    suite.check("privacy canary requests answered", send_canary)


def run_concurrency_tests(suite, port, get):
    def parallel():
        failures = []

        def client(i):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                for j in range(5):
                    path = "/api/search?q=zorblatt+%d" % j if j % 2 == 0 else "/api/suggest?q=zor"
                    r = request(port, "GET", path, conn=conn)
                    if r.status != 200:
                        failures.append((i, j, r.status))
                conn.close()
            except Exception as e:  # noqa: BLE001
                failures.append((i, str(e)))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        expect(not failures, "failures: %r" % failures[:5])
    suite.check("32 parallel keep-alive clients", parallel)


def run_live_reindex(suite, args, get, corpus, db):
    def live():
        stop = threading.Event()
        results = {"ok": 0, "failed": []}

        def loop():
            while not stop.is_set():
                try:
                    r = get("/api/search?q=zorblatt+request")
                    if r.status != 200 or "error" in r.json() or not r.json()["hits"]:
                        results["failed"].append((r.status, r.body[:200]))
                    else:
                        results["ok"] += 1
                except Exception as e:  # noqa: BLE001
                    results["failed"].append(str(e))

        clients = [threading.Thread(target=loop) for _ in range(2)]
        for t in clients:
            t.start()
        try:
            time.sleep(0.5)
            before = get("/api/health").json()["revision"]
            with open(os.path.join(corpus, "en", "quembrix-live.txt"), "w") as f:
                f.write(LIVE_DOC)
            subprocess.run([os.path.join(args.bin, "haven-index"), "--db", db, corpus], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
            time.sleep(0.5)
            with open(os.path.join(corpus, "en", "quembrix-live.txt"), "a") as f:
                f.write("\nA second quembrix paragraph.\n")
            subprocess.run([os.path.join(args.bin, "haven-index"), "--db", db, corpus], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
            time.sleep(0.5)
            # a rebuild replaces the whole folder: the old index answers until then
            for _ in range(3):
                subprocess.run([os.path.join(args.bin, "haven-index"), "--db", db, "--rebuild",
                                "--batch", "5", corpus], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=60)
            time.sleep(1.0)
        finally:
            stop.set()
            for t in clients:
                t.join(timeout=15)
        expect(not results["failed"], "%d failed: %r" % (len(results["failed"]), results["failed"][:3]))
        expect(results["ok"] >= 10, "only %d searches ran" % results["ok"])
        r = get("/api/search?q=quembrix")
        expect_status(r, 200)
        hits = r.json()["hits"]
        expect(hits and hits[0]["doc"].endswith("quembrix-live.txt"), "new document not found")
        after = get("/api/health").json()["revision"]
        expect(after > before, "revision %r -> %r" % (before, after))
    suite.check("live re-index and rebuild while searching: zero failures, new doc found", live)


def run_metrics_tests(suite, get, canary):
    def metrics():
        r = get("/metrics")
        expect_status(r, 200)
        expect_common_headers(r, api=False)
        expect(r.header("Content-Type").startswith("text/plain"), "type %r" % r.header("Content-Type"))
        text = r.body.decode("utf-8")
        expect(canary not in text and "zorblatt" not in text, "query text in /metrics")
        expect(re.search(r'^haven_http_requests_total\{endpoint="search",code="200"\} \d+$', text,
                         re.M), "no search 200 counter")
        expect(re.search(r'^haven_http_requests_total\{endpoint="search",code="400"\} \d+$', text,
                         re.M), "no search 400 counter")
        expect(re.search(r'^haven_http_requests_total\{endpoint="static",code="404"\} \d+$', text,
                         re.M), "no static 404 counter")
        expect(re.search(r'^haven_http_request_duration_seconds_bucket\{endpoint="search",le="\+Inf"\} '
                         r'(\d+)$', text, re.M), "no histogram")
        expect("# TYPE haven_http_request_duration_seconds histogram" in text, "no TYPE line")
        m = re.search(r'^haven_http_request_duration_seconds_count\{endpoint="search"\} (\d+)$', text, re.M)
        expect(m and int(m.group(1)) > 50, "search count %r" % (m and m.group(1)))
    suite.check("GET /metrics", metrics)


def run_cors_tests(suite, binary, db, web, daemons):
    origin = "https://haven.example"
    d = Daemon(binary, db, web, extra=("--cors-origin", origin, "--threads", "1"))
    daemons.append(d)

    def cors():
        r = request(d.port, "GET", "/api/health", headers={"Origin": origin})
        expect_status(r, 200)
        expect(r.header("Access-Control-Allow-Origin") == origin, "ACAO %r" % r.headers)
        expect("origin" in ",".join(r.all("Vary")).lower(), "no Vary: Origin")
        r = request(d.port, "GET", "/api/health", headers={"Origin": "https://evil.example"})
        expect(r.header("Access-Control-Allow-Origin") is None, "other origin allowed")
        r = request(d.port, "OPTIONS", "/api/search",
                    headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                             "Access-Control-Request-Headers": "content-type"})
        expect(r.status in (200, 204), "preflight %d" % r.status)
        expect(r.header("Access-Control-Allow-Origin") == origin, "preflight ACAO")
        methods = r.header("Access-Control-Allow-Methods") or ""
        expect("POST" in methods and "GET" in methods, "methods %r" % methods)
        expect("content-type" in (r.header("Access-Control-Allow-Headers") or "").lower(), "headers")
        expect_common_headers(r, api=False)
        r = request(d.port, "OPTIONS", "/api/search", headers={"Origin": "https://evil.example"})
        expect(r.status == 405 and r.header("Access-Control-Allow-Origin") is None, "evil preflight")
        r = request(d.port, "POST", "/api/search", body=json.dumps({"q": "zorblatt"}),
                    headers={"Origin": origin, "Content-Type": "application/json"})
        expect_status(r, 200)
        expect(r.header("Access-Control-Allow-Origin") == origin, "POST ACAO")
    suite.check("CORS only for the configured origin", cors)

    suite.check("SIGINT stops the CORS daemon with status 0",
                lambda: expect(d.stop(signal.SIGINT) == 0, "exit status"))


def run_startup_tests(suite, binary, db, web, tmp, daemons):
    def missing_index():
        p = subprocess.run([binary, "--db", os.path.join(tmp, "no-such-db"), "--http", "127.0.0.1:0",
                            "--web", web], capture_output=True, timeout=20)
        expect(p.returncode == 2, "exit %d" % p.returncode)
        expect(p.stderr.strip(), "no message")
        expect(b"listening" not in p.stdout, "listened anyway")
    suite.check("missing index: clear message, exit 2", missing_index)

    def bad_address():
        p = subprocess.run([binary, "--db", db, "--http", "localhost:0", "--web", web],
                           capture_output=True, timeout=20)
        expect(p.returncode == 2, "exit %d" % p.returncode)
    suite.check("non-numeric address refused, exit 2", bad_address)

    def default_address():
        d = Daemon(binary, db, web, address="0")
        daemons.append(d)
        try:
            expect(d.first_line.startswith("listening on http://127.0.0.1:"), d.first_line)
            expect_status(request(d.port, "GET", "/api/health"), 200)
        finally:
            expect(d.stop() == 0, "exit status")
    suite.check("bare port 0 binds 127.0.0.1", default_address)

    def in_flight_finishes():
        import socket
        d = Daemon(binary, db, web)
        daemons.append(d)
        body = json.dumps({"q": "zorblatt"}).encode()
        s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
        try:
            s.sendall(b"POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
                      + body[:5])
            time.sleep(0.3)
            d.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            expect(d.proc.poll() is None, "exited with a request in flight")
            s.sendall(body[5:])
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                m = re.search(rb"Content-Length: (\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
            expect(data.startswith(b"HTTP/1.1 200"), "answer %r" % data[:80])
            expect(b"zorblatt" in data, "no search answer")
        finally:
            s.close()
        expect(d.stop() == 0, "exit status")
    suite.check("SIGTERM lets a request in flight finish", in_flight_finishes)

    def ipv6():
        import socket
        try:
            s = socket.socket(socket.AF_INET6)
            s.bind(("::1", 0))
            s.close()
        except OSError:
            return  # no IPv6 loopback here: nothing to check
        d = Daemon(binary, db, web, address="[::1]:0")
        daemons.append(d)
        try:
            expect(d.first_line.startswith("listening on http://[::1]:"), d.first_line)
            conn = http.client.HTTPConnection("::1", d.port, timeout=10)
            conn.request("GET", "/api/health")
            expect(conn.getresponse().status == 200, "IPv6 health")
            conn.close()
        finally:
            expect(d.stop() == 0, "exit status")
    suite.check("IPv6 loopback bind", ipv6)


if __name__ == "__main__":
    sys.exit(main())
