#!/usr/bin/env python3
"""Validates lambda-esm-lint's SARIF with Microsoft's SARIF multitool.

usage: tests/sarif_validate.py --linter PATH --cache DIR

Installs the npm package @microsoft/sarif-multitool-linux (pinned) into
DIR at test time (never at build time), then runs its `validate` command on:
  - docs/sample.sarif, the committed sample;
  - the SARIF goldens (tests/golden/*.cmd whose args say --format sarif);
  - fresh `check --format sarif` output for a few fixtures (an error with a
    region, an archive-level finding, a layer finding, a suppression);
  - fresh `audit --format sarif` output over the six kinds of function of
    tests/audit_test.py (several packages in one run, a fix);
  - a deliberately broken log, which must fail (the validator is alive).
A log passes when the validator reports no result of level "error".
Warnings are printed, not failed on.

Exit 77 (skipped) when npm is missing or the install fails (no registry);
$LEL_SARIF_MULTITOOL may name an already installed Sarif.Multitool.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import audit_test  # noqa: E402
import fixture_zip  # noqa: E402
import run_golden  # noqa: E402

SKIP = 77
PACKAGE = "@microsoft/sarif-multitool-linux@5.7.0"
FIXTURES = [
    ("corpus/relative-missing-extension", ["--runtime", "nodejs22.x"]),
    ("link/link-missing", ["--runtime", "nodejs22.x"]),
    ("corpus/layer-dependency-missing", ["--runtime", "nodejs22.x", "--resolution", "managed"]),
    ("corpus/suppression-comments", ["--runtime", "nodejs22.x"]),
    ("package/file-not-readable-imported", ["--runtime", "nodejs22.x"]),
]


def find_multitool(cache):
    explicit = os.environ.get("LEL_SARIF_MULTITOOL")
    if explicit:
        return explicit if os.path.isfile(explicit) else None
    tool = os.path.join(cache, "node_modules", "@microsoft", "sarif-multitool-linux",
                        "Sarif.Multitool")
    if not os.path.isfile(tool):
        npm = shutil.which("npm")
        if not npm:
            print("skipped: npm is not installed")
            return None
        os.makedirs(cache, exist_ok=True)
        proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", cache,
                               PACKAGE], capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 or not os.path.isfile(tool):
            print(f"skipped: npm install {PACKAGE} failed:\n{proc.stderr[-1500:]}")
            return None
    # npm may not run the package's postinstall (chmod); do it here.
    os.chmod(tool, os.stat(tool).st_mode | 0o111)
    return tool


def validate(tool, paths, work):
    """Returns {path: [(level, rule, message)]} for every validator result."""
    out = os.path.join(work, "validation.sarif")
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    proc = subprocess.run([tool, "validate", *paths, "-o", out, "--log", "ForceOverwrite"],
                          capture_output=True, text=True, env=env, timeout=600)
    if not os.path.isfile(out):
        raise RuntimeError(f"the validator wrote no log (exit {proc.returncode}):\n"
                           f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    log = json.load(open(out, encoding="utf-8-sig"))
    found = {p: [] for p in paths}
    for run in log.get("runs", []):
        for result in run.get("results", []):
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            path = next((p for p in paths if uri.endswith(os.path.basename(p))), uri)
            message = result.get("message", {})
            text = message.get("text") or " ".join(message.get("arguments", []))
            found.setdefault(path, []).append((result.get("level", "warning"),
                                               result.get("ruleId"), text[:300]))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--linter", required=True)
    ap.add_argument("--cache", required=True)
    args = ap.parse_args()
    linter = os.path.abspath(args.linter)
    tool = find_multitool(os.path.abspath(args.cache))
    if tool is None:
        return SKIP

    with tempfile.TemporaryDirectory(prefix="lel-sarif-") as work:
        logs = [os.path.join(ROOT, "docs", "sample.sarif")]
        golden = os.path.join(HERE, "golden")
        for name in sorted(os.listdir(golden)):
            if name.endswith(".cmd") and "--format sarif" in run_golden.parse_cmd(
                    os.path.join(golden, name)).get("args", ""):
                copy = os.path.join(work, "golden-" + name[:-4] + ".sarif")
                shutil.copy(os.path.join(golden, name[:-4] + ".out"), copy)
                logs.append(copy)
        for fixture, flags in FIXTURES:
            tree = os.path.join(HERE, "fixtures", fixture)
            zips_dir = os.path.join(work, fixture.replace("/", "-"))
            os.makedirs(zips_dir)
            zips = fixture_zip.build_fixture(tree, zips_dir, fixture_zip.load_manifest(tree))
            out = os.path.join(work, "check-" + fixture.replace("/", "-") + ".sarif")
            cmd = [linter, "check", zips["function"]]
            for layer in zips["layers"]:
                cmd += ["--layer", layer]
            proc = subprocess.run(cmd + flags + ["--format", "sarif", "-o", out],
                                  capture_output=True, text=True, timeout=120)
            if proc.returncode not in (0, 1):
                print(f"FAIL {fixture}: check exited {proc.returncode}: {proc.stderr}")
                return 1
            logs.append(out)
        fleet = os.path.join(work, "fleet")
        audit_test.make_fleet(fleet, 6)
        out = os.path.join(work, "audit-fleet.sarif")
        proc = subprocess.run([linter, "audit", fleet, "--format", "sarif", "-o", out],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode not in (0, 1):
            print(f"FAIL audit: exited {proc.returncode}: {proc.stderr}")
            return 1
        logs.append(out)
        broken = os.path.join(work, "broken-control.sarif")
        with open(broken, "w", encoding="utf-8") as f:
            json.dump({"version": "2.1.0", "runs": [{"results": [{"message": {}}]}]}, f)
        logs.append(broken)

        found = validate(tool, logs, work)
        passed = failed = 0
        for path in logs:
            errors = [r for r in found.get(path, []) if r[0] == "error"]
            warnings = [r for r in found.get(path, []) if r[0] != "error"]
            name = os.path.relpath(path, ROOT) if path.startswith(ROOT) else os.path.basename(path)
            if path == broken:
                ok = bool(errors)
                detail = f"{len(errors)} errors, as it must" if ok else "the validator found no error"
            else:
                ok = not errors
                detail = f"{len(warnings)} warnings" + "".join(
                    f"\n    {level} {rule}: {text}" for level, rule, text in errors + warnings)
            print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
