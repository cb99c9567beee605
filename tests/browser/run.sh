#!/usr/bin/env bash
# The browser suite: a real daemon over a temporary index of corpus/, then
# the Playwright test in headless Chromium.  Usage: run.sh OUTPUT_DIR
set -u
cd "$(dirname "$0")/../.."
out=${1:-tests/out/browser}
mkdir -p "$out"
tmp=$(mktemp -d)
daemon=
cleanup() {
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

bin/haven-index --db "$tmp/db" --no-progress corpus >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
bin/haven-search --db "$tmp/db" --http 127.0.0.1:0 --web web >"$tmp/daemon.out" 2>&1 &
daemon=$!
url=
for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)\/$/\1/p' "$tmp/daemon.out")
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "daemon did not start:"; cat "$tmp/daemon.out"
    echo "0 passed, 1 failed"
    exit 1
fi
node tests/browser/search.test.mjs --base-url "$url" --out "$out"
