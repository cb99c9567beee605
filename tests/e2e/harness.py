"""Shared pieces of the end-to-end suites: temporary folders, running the
real binaries, and a unittest runner that ends with "N passed, N failed"."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest


class Binaries:
    def __init__(self, bin_dir):
        self.index = os.path.abspath(os.path.join(bin_dir, 'haven-index'))
        self.search = os.path.abspath(os.path.join(bin_dir, 'haven-search'))

    def run_index(self, db, *paths, extra=(), timeout=300, **kw):
        return subprocess.run([self.index, '--db', db, '--no-progress', *extra, *paths],
                              capture_output=True, text=True, timeout=timeout, **kw)

    def run_search(self, db, *args, input=None, timeout=60, text=True):
        return subprocess.run([self.search, '--db', db, *args], input=input,
                              capture_output=True, text=text, timeout=timeout)

    def search_json(self, db, query, *args):
        r = self.run_search(db, '--json', *args, '--', query)
        lines = [l for l in r.stdout.splitlines() if l.strip()]
        if len(lines) != 1:
            raise AssertionError(f'expected one JSON line, got {r.stdout!r} / {r.stderr!r}')
        return json.loads(lines[0])


def temp_dir(test_case):
    d = tempfile.mkdtemp(prefix='haven-test-')
    os.chmod(d, 0o755)
    test_case.addCleanup(shutil.rmtree, d, True)
    return d


def main(argv):
    """Runs the calling module's tests; prints the closing count line."""
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(sys.modules['__main__'])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f'{passed} passed, {failed} failed' + (f', {len(result.skipped)} skipped' if result.skipped else ''))
    return 0 if failed == 0 else 1
