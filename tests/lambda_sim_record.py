#!/usr/bin/env python3
"""Records (or checks) what lambda-sim says about each run of each fixture.

usage: tests/lambda_sim_record.py [--check] [-j N] [--lambda-sim PATH] FIXTURE_DIR...

A FIXTURE_DIR holds a fixture.json, or fixtures anywhere below it.  For every
run, the fixture's zips are built (fixture_zip.py) and handed to
`lambda-sim --function ... --layer ... --runtime R --handler H --flavor S`
(S = the run's "resolution").  The verdict's phase / status / errorType /
errorMessage are written into the run's "lambda_sim" field; with --check
nothing is written and any difference exits 1.

Exit 77 (skipped) when not root, when `unshare` is missing, or when lambda-sim
cannot be found ($LAMBDA_SIM, --lambda-sim, or shared/lambda-sim/lambda-sim
next to an ancestor of this repository).
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_zip  # noqa: E402

SKIP = 77
VERDICT_KEYS = ("phase", "status", "errorType", "errorMessage")


def find_lambda_sim(explicit):
    if explicit:
        return explicit if os.path.isfile(explicit) else None
    env = os.environ.get("LAMBDA_SIM")
    if env:
        return env if os.path.isfile(env) else None
    d = os.path.dirname(os.path.abspath(__file__))
    while True:
        cand = os.path.join(d, "shared", "lambda-sim", "lambda-sim")
        if os.path.isfile(cand):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def run_lambda_sim(sim, zips, run):
    cmd = [sim, "--quiet", "--function", zips["function"]]
    for layer in zips["layers"]:
        cmd += ["--layer", layer]
    cmd += ["--runtime", run.get("runtime", "nodejs22.x"),
            "--handler", run.get("handler", "index.handler"),
            "--flavor", run.get("resolution", "managed")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("LAMBDA_SIM_RESULT "):
            raw = json.loads(line[len("LAMBDA_SIM_RESULT "):])
            return {k: raw[k] for k in VERDICT_KEYS if raw.get(k) is not None}
    raise RuntimeError(f"lambda-sim printed no verdict (exit {proc.returncode}): "
                       f"{proc.stderr.strip()[-500:]}")


def process_fixture(sim, fixture_dir):
    """Returns (manifest, [verdict per run])."""
    manifest = fixture_zip.load_manifest(fixture_dir)
    with tempfile.TemporaryDirectory(prefix="lel-sim-") as tmp:
        zips = fixture_zip.build_fixture(fixture_dir, tmp, manifest)
        return manifest, [run_lambda_sim(sim, zips, run) for run in manifest.get("runs", [])]


def describe(run):
    return f"{run.get('runtime')} {run.get('resolution')} {run.get('handler')}"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare, do not write")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--lambda-sim", dest="lambda_sim")
    ap.add_argument("fixtures", nargs="+")
    args = ap.parse_args(argv[1:])

    if os.geteuid() != 0:
        print("lambda_sim_record.py: skipped: lambda-sim needs root")
        return SKIP
    if shutil.which("unshare") is None:
        print("lambda_sim_record.py: skipped: unshare is missing")
        return SKIP
    sim = find_lambda_sim(args.lambda_sim)
    if sim is None:
        print("lambda_sim_record.py: skipped: lambda-sim not found")
        return SKIP

    try:
        fixtures = fixture_zip.find_fixtures(args.fixtures)
    except fixture_zip.FixtureError as e:
        print(f"lambda_sim_record.py: {e}", file=sys.stderr)
        return 2
    if not fixtures:
        print("lambda_sim_record.py: no fixtures found", file=sys.stderr)
        return 2

    failures = 0
    runs_total = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {f: pool.submit(process_fixture, sim, f) for f in fixtures}
        for fixture_dir in fixtures:
            try:
                manifest, verdicts = futures[fixture_dir].result()
            except (fixture_zip.FixtureError, RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
                print(f"ERROR {fixture_dir}: {e}")
                failures += 1
                continue
            changed = False
            for run, verdict in zip(manifest.get("runs", []), verdicts):
                runs_total += 1
                old = run.get("lambda_sim")
                if old == verdict:
                    if args.check:
                        print(f"PASS {fixture_dir} [{describe(run)}]")
                    continue
                if args.check:
                    failures += 1
                    print(f"FAIL {fixture_dir} [{describe(run)}]\n"
                          f"  recorded:   {json.dumps(old)}\n  lambda-sim: {json.dumps(verdict)}")
                else:
                    run["lambda_sim"] = verdict
                    changed = True
                    print(f"recorded {fixture_dir} [{describe(run)}]: {json.dumps(verdict)}")
            if changed:
                path = os.path.join(fixture_dir, "fixture.json")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(fixture_zip.dump_manifest(manifest))
    if args.check:
        print(f"{runs_total - failures} passed, {failures} failed")
    else:
        print(f"{runs_total} runs in {len(fixtures)} fixtures, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
