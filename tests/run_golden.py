#!/usr/bin/env python3
"""CLI golden tests: run lambda-esm-lint on fixture zips, compare exact output.

Each case is tests/golden/<name>.cmd, a few "key: value" lines:
    fixture: link/link-missing      (optional: built into the working folder)
    files: notzip.zip=hello         (optional: small text files to create)
    copy: forms.mjs                 (optional: files from tests/golden/data/)
    outfile: report.txt             (optional: a file the command writes, as <name>.outfile)
    args: check function.zip --layer layer1.zip --format json
    exit: 1
and the expected outputs <name>.out (stdout) and <name>.err (stderr).
The command runs in a temporary folder holding the fixture's zips, so the
paths it prints are the short names above. --update rewrites .out/.err
from what the binary prints now (review the diff before committing).
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_cmd(path):
    spec = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(":")
            spec[key.strip()] = value.strip()
    return spec


def run_case(linter, name, update):
    base = os.path.join(HERE, "golden", name)
    spec = parse_cmd(base + ".cmd")
    with tempfile.TemporaryDirectory() as work:
        if "fixture" in spec:
            subprocess.run([sys.executable, os.path.join(HERE, "fixture_zip.py"),
                            os.path.join(HERE, "fixtures", spec["fixture"]), work],
                           check=True, stdout=subprocess.DEVNULL)
        for name_ in spec.get("copy", "").split():
            # "copy: forms.mjs" copies tests/golden/data/forms.mjs in.
            shutil.copy(os.path.join(HERE, "golden", "data", name_), work)
        for extra in spec.get("files", "").split():
            # "files: notzip.zip=hello" writes a small file with that text.
            fname, _, text = extra.partition("=")
            with open(os.path.join(work, fname), "w", encoding="utf-8") as f:
                f.write(text)
        env = dict(os.environ, NO_COLOR="1")
        proc = subprocess.run([linter] + shlex.split(spec["args"]), cwd=work,
                              capture_output=True, text=True, env=env, timeout=120)
        outputs = [(".out", proc.stdout), (".err", proc.stderr)]
        if "outfile" in spec:
            # The report a --output option wrote, compared as <name>.outfile.
            path = os.path.join(work, spec["outfile"])
            written = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            outputs.append((".outfile", written))
    want_exit = int(spec.get("exit", "0"))
    problems = []
    if proc.returncode != want_exit:
        problems.append(f"exit {proc.returncode}, want {want_exit}")
    for suffix, got in outputs:
        path = base + suffix
        if update:
            if got or os.path.exists(path):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(got)
            continue
        want = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if got != want:
            problems.append(f"{suffix[1:]} differs:\n--- want\n{want}--- got\n{got}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--linter", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    args.linter = os.path.abspath(args.linter)
    names = args.names or sorted(f[:-4] for f in os.listdir(os.path.join(HERE, "golden"))
                                 if f.endswith(".cmd"))
    passed = failed = 0
    for name in names:
        problems = run_case(args.linter, name, args.update)
        if problems and not args.update:
            failed += 1
            print(f"FAIL {name}: " + "\n".join(problems))
        else:
            passed += 1
            print(f"PASS {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not names else 0


if __name__ == "__main__":
    sys.exit(main())
