#!/usr/bin/env python3
"""Every rule the binary knows has its page in rules/ and fixtures.

Asks the binary (`lambda-esm-lint rules`) for its rules, then checks that
rules/<id>.md exists and starts with "# <id>", that no page is left for a
rule the binary no longer knows, and that tests/fixtures has at least one
run expecting the rule (firing) and one run of the same fixture group that
does not (silent); the fixture runner asserts the exact set of findings of
every run, so each such run is a checked silence.
"""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    linter = sys.argv[1]
    out = subprocess.run([linter, "rules"], capture_output=True, text=True, check=True).stdout
    ids = [line.split()[0] for line in out.splitlines() if line.strip()]
    problems = []
    if not ids:
        problems.append("the binary lists no rules")
    firing, silent = {}, {}
    for path in glob.glob(os.path.join(ROOT, "tests", "fixtures", "**", "fixture.json"),
                          recursive=True):
        group = os.path.relpath(path, ROOT).split(os.sep)[2]
        for run in json.load(open(path, encoding="utf-8")).get("runs", []):
            expected = {e["rule"] for e in run.get("expect", [])}
            for rule in ids:
                (firing if rule in expected else silent).setdefault(rule, set()).add(group)
    for rule in ids:
        page = os.path.join(ROOT, "rules", rule + ".md")
        if not os.path.exists(page):
            problems.append(f"{rule}: no page rules/{rule}.md")
        elif not open(page, encoding="utf-8").readline().startswith("# " + rule):
            problems.append(f"{rule}: rules/{rule}.md does not start with '# {rule}'")
        groups = firing.get(rule, set())
        if not groups:
            problems.append(f"{rule}: no fixture run expects it")
        elif not groups & silent.get(rule, set()):
            problems.append(f"{rule}: no silent run in the groups where it fires")
    for page in glob.glob(os.path.join(ROOT, "rules", "*.md")):
        rule = os.path.basename(page)[:-3]
        if rule not in ids:
            problems.append(f"rules/{rule}.md: the binary has no such rule")
    for p in problems:
        print("FAIL " + p)
    print(f"{len(ids) - len({p.split(':')[0] for p in problems if not p.startswith('rules/')})} passed, "
          f"{len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
