#!/usr/bin/env python3
"""Runs the linter on every fixture and compares with the expectations.

usage: tests/run_fixtures.py --linter PATH [--filter GLOB]... [-j N] FIXTURES_ROOT

For each fixture below FIXTURES_ROOT (a folder with fixture.json) and each of
its runs, the zips are built (fixture_zip.py) and the linter is called as

  PATH check function.zip --layer layer1.zip ... --runtime R
       --resolution S --handler H [--architecture A] --format json

(--architecture only for a run with an "architecture" key.)

Each run passes when
  (a) the set of (rule, severity, path) of the findings equals the run's
      "expect" list (an expect item without "path" matches any path; one with
      "archive" must also match the basename of the finding's archive);
  (b) the differential verdict agrees with lambda-sim: the linter "fails"
      when some finding has category "correctness" and severity "error",
      lambda-sim fails when its recorded status is "error" (skipped, with a
      note, for a run that gives an "oracle_gap" reason);
  (c) the exit status is 1 when there is an error finding and 0 otherwise.
Prints PASS/FAIL per run, then `N passed, N failed`; exits 1 on any failure.
"""
import argparse
import concurrent.futures
import fnmatch
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_zip  # noqa: E402

LINTER_TIMEOUT_S = 120


def finding_key(f):
    return (f.get("rule"), f.get("severity"), f.get("path"))


def show(item):
    path = item.get("path")
    where = "<any path>" if path is None else (repr(path) if path == "" else path)
    if item.get("archive"):
        where = f"{item['archive']}!{where}"
    return f"{item.get('rule')} {item.get('severity')} {where}"


def item_matches(expect, finding):
    if expect.get("rule") != finding.get("rule") or expect.get("severity") != finding.get("severity"):
        return False
    if "path" in expect and expect["path"] != finding.get("path"):
        return False
    if "archive" in expect and expect["archive"] != os.path.basename(str(finding.get("archive", ""))):
        return False
    return True


def compare_findings(expect, findings):
    """Returns (missing expect items, unexpected findings)."""
    unique = {}
    for f in findings:
        unique.setdefault(finding_key(f) + (os.path.basename(str(f.get("archive", ""))),), f)
    found = list(unique.values())
    missing = [e for e in expect if not any(item_matches(e, f) for f in found)]
    unexpected = [f for f in found if not any(item_matches(e, f) for e in expect)]
    return missing, unexpected


def check_run(linter, zips, run):
    """Runs the linter once; returns a list of problems (empty = pass) and notes."""
    cmd = [linter, "check", zips["function"]]
    for layer in zips["layers"]:
        cmd += ["--layer", layer]
    cmd += ["--runtime", run.get("runtime", "nodejs22.x"),
            "--resolution", run.get("resolution", "managed"),
            "--handler", run.get("handler", "index.handler")]
    if run.get("architecture"):
        cmd += ["--architecture", run["architecture"]]
    cmd += ["--format", "json"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=LINTER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [f"linter timed out after {LINTER_TIMEOUT_S} s"], []
    except OSError as e:
        return [f"cannot run linter: {e}"], []
    if proc.returncode not in (0, 1):
        return [f"linter exited {proc.returncode}: {proc.stderr.strip()[-800:]}"], []
    try:
        report = json.loads(proc.stdout)
        findings = report["findings"]
        if not isinstance(findings, list):
            raise ValueError("findings is not a list")
    except (ValueError, KeyError, TypeError) as e:
        return [f"linter output is not the JSON report ({e}): {proc.stdout[:400]!r}"], []

    problems, notes = [], []
    missing, unexpected = compare_findings(run.get("expect", []), findings)
    problems += [f"missing:    {show(e)}" for e in missing]
    problems += [f"unexpected: {show(f)}  -- {f.get('message', '')}" for f in unexpected]

    has_error = any(f.get("severity") == "error" for f in findings)
    if proc.returncode != (1 if has_error else 0):
        problems.append(f"exit status {proc.returncode} but {'an' if has_error else 'no'} error finding")

    linter_fails = any(f.get("category") == "correctness" and f.get("severity") == "error"
                       for f in findings)
    sim = run.get("lambda_sim")
    if sim is None:
        problems.append("no lambda_sim verdict recorded (run tests/lambda_sim_record.py)")
    elif run.get("oracle_gap"):
        notes.append(f"differential skipped: {run['oracle_gap']}")
    else:
        sim_fails = sim.get("status") == "error"
        if linter_fails != sim_fails:
            said = (f"lambda-sim: {sim.get('phase')} {sim.get('status')}"
                    + (f" ({sim.get('errorType')}: {sim.get('errorMessage')})" if sim_fails else ""))
            problems.append(f"differential: linter {'fails' if linter_fails else 'passes'} "
                            f"(correctness errors: {'yes' if linter_fails else 'none'}), {said}")
    return problems, notes


def check_fixture(linter, fixture_dir):
    manifest = fixture_zip.load_manifest(fixture_dir)
    with tempfile.TemporaryDirectory(prefix="lel-fixture-") as tmp:
        zips = fixture_zip.build_fixture(fixture_dir, tmp, manifest)
        return [(run, *check_run(linter, zips, run)) for run in manifest.get("runs", [])]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--linter", required=True)
    ap.add_argument("--filter", action="append", default=[],
                    help="glob on GROUP/CASE (relative to the root); repeatable")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("root")
    args = ap.parse_args(argv[1:])

    linter = os.path.abspath(args.linter)
    if not os.access(linter, os.X_OK):
        print(f"run_fixtures.py: linter {args.linter} is not an executable", file=sys.stderr)
        return 2
    try:
        fixtures = fixture_zip.find_fixtures([args.root])
    except fixture_zip.FixtureError as e:
        print(f"run_fixtures.py: {e}", file=sys.stderr)
        return 2
    names = {f: os.path.relpath(f, args.root).replace(os.sep, "/") for f in fixtures}
    if args.filter:
        fixtures = [f for f in fixtures
                    if any(fnmatch.fnmatchcase(names[f], g) for g in args.filter)]

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {f: pool.submit(check_fixture, linter, f) for f in fixtures}
        for f in fixtures:
            try:
                results = futures[f].result()
            except (fixture_zip.FixtureError, OSError, ValueError) as e:
                print(f"FAIL {names[f]}: cannot build the fixture: {e}")
                failed += 1
                continue
            for run, problems, notes in results:
                arch = f" {run['architecture']}" if run.get("architecture") else ""
                label = (f"{names[f]} [{run.get('runtime')} {run.get('resolution')} "
                         f"{run.get('handler')}{arch}]")
                if problems:
                    failed += 1
                    print(f"FAIL {label}")
                    for p in problems:
                        print(f"    {p}")
                else:
                    passed += 1
                    print(f"PASS {label}")
                for n in notes:
                    print(f"    note: {n}")
    if not fixtures:
        print("run_fixtures.py: no fixtures matched", file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not fixtures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
