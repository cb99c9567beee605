#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
# Arguments: the cmocka unit test binaries.  The end-to-end, HTTP and browser
# suites run the real binaries in bin/ over temporary indexes of corpus/;
# with SANITIZED_BIN set, the e2e and HTTP suites run on those binaries too.
set -u
cd "$(dirname "$0")/.."
out=tests/out
mkdir -p "$out"
passed=0
failed=0
failed_suites=()

count_summary() { # suite-name log-file exit-code
    local name=$1 log=$2 rc=$3 p f line
    # cmocka: "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)"
    p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | tail -n1 | grep -oE '[0-9]+' | head -n1)
    f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | tail -n1 | grep -oE '[0-9]+' | head -n1)
    if [ -z "$p$f" ]; then
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
        p=$(echo "$line" | awk '{print $1}')
        f=$(echo "$line" | awk '{print $3}')
    fi
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or failed without saying which test
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failed_suites+=("$name")
        echo "---- $name failed (log: $log) ----"
        tail -n 40 "$log"
    else
        echo "$name: $p passed"
    fi
}

run_suite() { # name command...
    local name=$1 log="$out/$1.log"
    shift
    timeout 600 "$@" >"$log" 2>&1
    count_summary "$name" "$log" $?
}

# Unit binaries under build-san/ are the sanitized build of the same tests.
for t in "$@"; do
    case $t in
    build-san/*) run_suite "sanitized-unit-$(basename "$t")" "$t" ;;
    *) run_suite "unit-$(basename "$t")" "$t" ;;
    esac
done

run_suite e2e-cli python3 tests/e2e/test_cli.py --bin bin --corpus corpus
if [ -f tests/http/test_http.py ]; then
    run_suite http python3 tests/http/test_http.py --bin bin --corpus corpus
fi
if [ -f tests/browser/search.test.mjs ]; then
    run_suite browser tests/browser/run.sh "$out/browser"
fi

# The same end-to-end and HTTP suites on the AddressSanitizer/UBSan build,
# when there is one: a memory error or a leak fails the run.
san=${SANITIZED_BIN:-}
if [ -n "$san" ] && [ -x "$san/haven-search" ] && [ -x "$san/haven-index" ]; then
    run_suite sanitized-e2e-cli python3 tests/e2e/test_cli.py --bin "$san" --corpus corpus
    if [ -f tests/http/test_http.py ]; then
        run_suite sanitized-http python3 tests/http/test_http.py --bin "$san" --corpus corpus
    fi
fi

if [ ${#failed_suites[@]} -ne 0 ]; then
    echo "failed suites: ${failed_suites[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
