#!/usr/bin/env python3
"""`lambda-esm-lint explain RULE` prints, for every rule `rules` lists, the
page rules/RULE.md byte for byte, from the binary alone (run from an empty
folder, so nothing is read from the source tree).

usage: tests/explain_all.py --linter PATH
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--linter", required=True)
    linter = os.path.abspath(ap.parse_args().linter)
    ids = [line.split()[0] for line in subprocess.run(
        [linter, "rules"], capture_output=True, text=True, check=True).stdout.splitlines() if line]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as empty:
        for rule in ids:
            proc = subprocess.run([linter, "explain", rule], cwd=empty, capture_output=True)
            path = os.path.join(ROOT, "rules", rule + ".md")
            if not os.path.exists(path):
                failed += 1
                print(f"FAIL {rule}: no page rules/{rule}.md")
                continue
            page = open(path, "rb").read()
            if proc.returncode == 0 and proc.stdout == page:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {rule}: exit {proc.returncode}, output differs from rules/{rule}.md")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not ids else 0


if __name__ == "__main__":
    sys.exit(main())
