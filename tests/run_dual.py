#!/usr/bin/env python3
"""Checks every fixture twice, as its zips and as the trees unzip makes of them.

  run_dual.py --linter PATH [--filter GLOB]... [-j N] ROOT...

For each fixture below ROOT (a folder holding fixture.json) the zips are
built (fixture_zip.py), then extracted with Info-ZIP unzip (what lambda-sim
runs) into function/ and layerN/ folders: symlink entries become real
symlinks, modes are the stored ones. Each run of fixture.json is checked as
`check function.zip --layer layer1.zip ...` and as `check function/ --layer
layer1/ ...` (--format json); the two must report the same findings (rule,
category, severity, archive, path, message, line and column) and exit with
the same status, except for findings of the rules that judge how a zip
stores its entries (RuleSources::kZipEntries in src/rules: they never fire on
a folder, and what they judge is not in the tree). A fixture whose zip holds
what a folder cannot (entries a Unix folder has no name for, or that unzip
would not extract as named) is compared all the same: a difference there is
a failure to explain, not to hide.

One PASS/FAIL line per run, then `N passed, N failed`; exit 1 on a failure.
"""
import argparse
import concurrent.futures
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture_zip  # noqa: E402

LINTER_TIMEOUT_S = 120

# What a zip-storage finding becomes once unzip has extracted the zip: the
# folder holds what unzip made, and a rule about that thing reports it on
# the same path. A link entry of a non-Unix host is extracted as a regular
# file holding its target text (node-modules-link-not-unix on the zip,
# node-modules-not-a-link on the tree). Only this pairing is accepted.
EXTRACTED_AS = {"node-modules-link-not-unix": "node-modules-not-a-link"}


def zip_storage_rules():
    """The ids of the rules declared RuleSources::kZipEntries, from their sources."""
    ids = set()
    for path in glob.glob(os.path.join(HERE, "..", "src", "rules", "*.cc")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r'const Rule k\w+ = \{\s*"([a-z0-9-]+)"[^;]*RuleSources::kZipEntries',
                             text):
            ids.add(m.group(1))
    return ids


def extract(zip_path, out_dir):
    os.makedirs(out_dir)
    # Exit 1 is unzip's "warnings" (a name it rewrote, a link it refused).
    proc = subprocess.run(["unzip", "-qq", "-o", zip_path, "-d", out_dir],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"unzip {zip_path}: exit {proc.returncode}: {proc.stderr.strip()}")


def lint(linter, function, layers, run):
    cmd = [linter, "check", function]
    for layer in layers:
        cmd += ["--layer", layer]
    cmd += ["--runtime", run.get("runtime", "nodejs22.x"),
            "--resolution", run.get("resolution", "managed"),
            "--handler", run.get("handler", "index.handler"), "--format", "json"]
    if run.get("architecture"):
        cmd += ["--architecture", run["architecture"]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=LINTER_TIMEOUT_S)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}")
    return proc.returncode, json.loads(proc.stdout)["findings"]


def key(f, skip):
    if f["rule"] in skip:
        return None
    archive = os.path.basename(os.path.normpath(f.get("archive", "")))
    if archive.endswith(".zip"):
        archive = archive[:-4]
    return (f["rule"], f.get("category"), f.get("severity"), archive,
            f.get("path"), f.get("message"), f.get("line"), f.get("column"))


def check_fixture(linter, fixture_dir, skip):
    manifest = fixture_zip.load_manifest(fixture_dir)
    results = []
    with tempfile.TemporaryDirectory(prefix="lel-dual-") as tmp:
        zips = fixture_zip.build_fixture(fixture_dir, os.path.join(tmp, "zips"), manifest)
        trees = {"function": os.path.join(tmp, "function"), "layers": []}
        extract(zips["function"], trees["function"])
        for i, layer in enumerate(zips["layers"]):
            trees["layers"].append(os.path.join(tmp, f"layer{i + 1}"))
            extract(layer, trees["layers"][-1])
        for run in manifest.get("runs", []):
            problems = []
            try:
                zip_code, zip_findings = lint(linter, zips["function"], zips["layers"], run)
                dir_code, dir_findings = lint(linter, trees["function"], trees["layers"], run)
            except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired) as e:
                results.append((run, [str(e)]))
                continue
            if any(f["rule"] in skip for f in dir_findings):
                problems.append("a zip-storage rule fired on the folder")
            as_zip = sorted(filter(None, (key(f, skip) for f in zip_findings)), key=repr)
            extracted = {(EXTRACTED_AS[f["rule"]], f.get("path")) for f in zip_findings
                         if f["rule"] in EXTRACTED_AS}
            as_dir = sorted(filter(None, (key(f, skip) for f in dir_findings
                                          if (f["rule"], f.get("path")) not in extracted)),
                            key=repr)
            problems += [f"only as zip:    {k}" for k in as_zip if k not in as_dir]
            problems += [f"only as folder: {k}" for k in as_dir if k not in as_zip]
            zip_errors = any(f["severity"] == "error" for f in zip_findings if f["rule"] not in skip)
            if dir_code != zip_code and not (zip_code == 1 and not zip_errors):
                problems.append(f"exit {dir_code} as folder, {zip_code} as zip")
            results.append((run, problems))
    return results


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--linter", required=True)
    ap.add_argument("--filter", action="append", default=[])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("roots", nargs="+")
    args = ap.parse_args(argv[1:])
    skip = zip_storage_rules()
    if not skip:
        print("run_dual.py: found no rule declared RuleSources::kZipEntries", file=sys.stderr)
        return 1
    fixtures = []
    for root in args.roots:
        for fixture in fixture_zip.find_fixtures([root]):
            name = os.path.relpath(fixture, os.path.dirname(os.path.normpath(root)))
            if args.filter and not any(fnmatch.fnmatch(name, g) for g in args.filter):
                continue
            fixtures.append((name, fixture))
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [(name, pool.submit(check_fixture, args.linter, path, skip))
                   for name, path in fixtures]
        for name, future in futures:
            try:
                results = future.result()
            except Exception as e:  # a fixture that cannot be built is a failure
                results = [({}, [f"{type(e).__name__}: {e}"])]
            for run, problems in results:
                label = f"{name} [{run.get('runtime', '')} {run.get('resolution', '')}]"
                if problems:
                    failed += 1
                    print(f"FAIL {label}")
                    for p in problems:
                        print(f"     {p}")
                else:
                    passed += 1
                    print(f"PASS {label}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
