#!/usr/bin/env python3
"""The audit test: a generated fleet of functions sharing layers.

usage: tests/audit_test.py --linter PATH [--functions N] [--keep DIR]

Writes an audit folder (docs/audit.md) of N (default 24) Node.js functions
of six kinds (clean, link missing, package missing, extension missing,
suppression comments, a big layer package), on nodejs18.x to 24.x, x86_64
and arm64, attaching three shared layers; plus three functions audit must
skip (Python, a container image, nodejs14.x) and one it must fail (its
layer zip is missing). Then checks that:
  - `audit --format json` counts them right and lists every layer as
    opened once, with the number of functions attaching it;
  - each layer zip is opened once by the process (strace, when installed);
  - every checked function has exactly the findings that
    `check --function-config ... --layer-dir layers --resolution managed`
    prints for it alone;
  - the text summary has a row per function and the totals;
  - SARIF, GitHub and JUnit output hold every finding;
  - `check --function-config` error cases exit 2 with a clear message;
and prints the time of the audit against N separate `check` runs.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import resource
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture_zip  # noqa: E402
from expectations import Expectations  # noqa: E402

PACKAGES = os.path.join(HERE, "fixtures", "packages")
ACCOUNT = "123456789012"
LAYERS = {
    # ARN -> packages (name@version, folder inside the layer)
    f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:shared-deps:3":
        [("uuid@9.0.1", "nodejs/node_modules"), ("ms@2.1.3", "nodejs/node_modules")],
    f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:utils:1":
        [("nanoid@5.0.9", "nodejs/node_modules"), ("lodash-es@4.17.21", "nodejs/node_modules")],
    f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:node20-only:2":
        [("chalk@5.3.0", "nodejs/node20/node_modules")],
}
SHARED, UTILS, NODE20 = list(LAYERS)
LINK = {"name": "node_modules", "symlink": "/opt/nodejs/node_modules"}
RUNTIMES = ["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"]

# The six kinds of function: files, extra entries, layers.
KINDS = [
    ("clean", {"index.mjs": "import { v4 } from 'uuid';\nimport { nanoid } from 'nanoid';\n"
                            "export const handler = async () => ({ id: v4(), n: nanoid() });\n"},
     [LINK], [SHARED, UTILS]),
    ("nolink", {"index.mjs": "import ms from 'ms';\nexport const handler = async () => ms('1h');\n"},
     [], [SHARED]),
    ("missing", {"index.mjs": "import pad from 'left-pad';\nimport { v4 } from 'uuid';\n"
                              "export const handler = async () => pad(v4(), 40);\n"},
     [LINK], [SHARED]),
    ("noext", {"index.mjs": "import { twice } from './lib/util';\n"
                            "export const handler = async () => twice(2);\n",
               "lib/util.mjs": "export const twice = (n) => n * 2;\n"},
     [], [UTILS]),
    ("suppressed", {"index.mjs": "export const handler = async (event) => {\n"
                                 "  if (event && event.batch) {\n"
                                 "    // lambda-esm-lint-disable-next-line import-unresolved -- batch image only\n"
                                 "    const m = await import('batch-only');\n"
                                 "    return m.default(event);\n"
                                 "  }\n"
                                 "  return 1;\n"
                                 "};\n",
                    "lib/old.mjs": "// lambda-esm-lint-disable-next-line import-directory -- stale\n"
                                   "export const x = 1;\n"},
     [], []),
    ("lodash", {"index.mjs": "import { chunk } from 'lodash-es';\nimport chalk from 'chalk';\n"
                             "export const handler = async () => chalk.red(chunk([1, 2, 3], 2));\n"},
     [LINK], [SHARED, UTILS, NODE20]),
]


def layer_file(arn):
    parts = arn.split(":")
    return f"{parts[3]}.{parts[4]}.{parts[6]}.{parts[7]}.zip"


def write_zip(path, files, extras=(), packages=()):
    with tempfile.TemporaryDirectory() as tree:
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(tree, name)), exist_ok=True)
            with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
                f.write(text)
        b = fixture_zip.ArchiveBuilder(os.path.basename(path))
        b.add_tree(tree)
        for package, at in packages:
            b.add_package(PACKAGES, package, at)
        for extra in extras:
            b.add_extra(extra)
        b.write(path)


def get_function(name, runtime, handler="index.handler", arch="x86_64", layers=(),
                 package_type="Zip", env=None):
    config = {"FunctionName": name, "Runtime": runtime, "Handler": handler,
              "Architectures": [arch], "PackageType": package_type,
              "Layers": [{"Arn": arn, "CodeSize": 1000} for arn in layers]}
    if env:
        config["Environment"] = {"Variables": env}
    return {"Configuration": config,
            "Code": {"RepositoryType": "S3", "Location": f"file:///code/{name}.zip"}}


def make_fleet(root, count):
    """Writes the audit folder; returns {name: expected status}."""
    os.makedirs(os.path.join(root, "functions"))
    os.makedirs(os.path.join(root, "layers"))
    for arn, packages in LAYERS.items():
        write_zip(os.path.join(root, "layers", layer_file(arn)), {}, packages=packages)
    expected = {}

    def add(name, config, files=None, extras=()):
        with open(os.path.join(root, "functions", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)
        if files is not None:
            write_zip(os.path.join(root, "functions", name + ".zip"), files, extras)

    for i in range(count):
        kind, files, extras, layers = KINDS[i % len(KINDS)]
        runtime = RUNTIMES[i % len(RUNTIMES)]
        if kind == "lodash":
            runtime = "nodejs20.x"  # chalk sits in nodejs/node20/node_modules
        # fn-07 sets its own NODE_PATH without /opt/nodejs/node_modules: under
        # managed resolution its 'ms' (in a layer, no link) is then not found.
        env = {"NODE_PATH": "/var/runtime/node_modules"} if i == 7 else None
        name = f"fn-{i:02d}-{kind}"
        add(name, get_function(name, runtime, arch="arm64" if i % 2 else "x86_64",
                               layers=layers, env=env), files, extras)
        expected[name] = "checked"
    add("py-worker", get_function("py-worker", "python3.12"), {"app.py": "x = 1\n"})
    add("container-api", get_function("container-api", "", package_type="Image"))
    add("legacy-node", get_function("legacy-node", "nodejs14.x"), {"index.js": "exports.handler=1\n"})
    expected.update({"py-worker": "skipped", "container-api": "skipped", "legacy-node": "skipped"})
    add("lost-layer", get_function("lost-layer", "nodejs22.x",
                                   layers=[f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:deleted:9"]),
        KINDS[0][1], [LINK])
    expected["lost-layer"] = "failed"
    return expected


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--linter", required=True)
    ap.add_argument("--functions", type=int, default=24)
    ap.add_argument("--keep", help="write the fleet here and keep it")
    args = ap.parse_args()
    linter = os.path.abspath(args.linter)
    tally = Expectations()
    expect = tally.expect

    work = args.keep or tempfile.mkdtemp(prefix="lel-audit-")
    if args.keep and os.path.exists(work):
        shutil.rmtree(work)
    try:
        expected = make_fleet(work, args.functions)
        jobs = str(max(2, os.cpu_count() or 2))

        # The JSON document: statuses, layers opened once, totals.
        start, cpu = time.monotonic(), children_cpu()
        proc = run([linter, "audit", ".", "--format", "json", "--jobs", jobs], work)
        audit_seconds, audit_cpu = time.monotonic() - start, children_cpu() - cpu
        expect(proc.returncode == 1, f"audit exit {proc.returncode} (want 1: errors, a failed "
                                     f"function): {proc.stderr}")
        doc = json.loads(proc.stdout)
        statuses = {f["name"]: f["status"] for f in doc["functions"]}
        expect(statuses == expected, f"statuses {statuses}")
        totals = doc["totals"]
        n = args.functions
        expect((totals["functions"], totals["checked"], totals["skipped"], totals["failed"])
               == (n + 4, n, 3, 1), f"totals {totals}")
        users = {layer_file(arn): 0 for arn in LAYERS}
        for i in range(n):
            for arn in KINDS[i % len(KINDS)][3]:
                users[layer_file(arn)] += 1
        users["us-east-1.123456789012.deleted.9.zip"] = 1
        seen = {os.path.basename(l["file"]): (l["opened"], l["functions"]) for l in doc["layers"]}
        expect(seen == {f: (1, u) for f, u in users.items()},
               f"layers: {seen} (want each opened once, attached {users})")
        expect(totals["layer_opens"] == len(users), f"layer_opens {totals['layer_opens']}")
        # What was parsed is shared too (one scan cache for the audit): the
        # functions reach the same layer files, so most scans are served
        # from it.
        scans, shared = totals["file_scans"], totals["file_scans_shared"]
        expect(0 < shared < scans, f"file_scans {scans}, file_scans_shared {shared} (want some "
                                   f"shared: the functions attach the same layers)")
        print(f"scan cache: {scans} file scans, {shared} served from the cache, "
              f"{scans - shared} parsed")
        reasons = {f["name"]: f.get("reason", "") for f in doc["functions"]}
        expect(reasons["py-worker"] == "runtime python3.12 is not Node.js", reasons["py-worker"])
        expect(reasons["container-api"] == "a container image, not a zip", reasons["container-api"])
        expect("nodejs14.x is not modelled" in reasons["legacy-node"], reasons["legacy-node"])
        expect("layers/us-east-1.123456789012.deleted.9.zip" in reasons["lost-layer"],
               reasons["lost-layer"])

        # Each layer zip opened once by the whole process, as the OS saw it:
        # as many open() calls as one ZipArchive::Open makes, which is what
        # a function zip (opened once, by its own check) shows.
        if shutil.which("strace"):
            trace = os.path.join(work, "..", os.path.basename(work) + ".strace")
            run(["strace", "-f", "-e", "trace=open,openat", "-o", trace, linter, "audit", ".",
                 "--format", "json", "--jobs", jobs], work)
            opened = open(trace, encoding="utf-8", errors="replace").read()
            os.remove(trace)

            def opens(path):
                return len(re.findall(r'open(?:at)?\(.*"(?:\./)?' + re.escape(path) + r'"', opened))
            once = opens("functions/fn-00-clean.zip")
            expect(once >= 1, "strace saw no open of functions/fn-00-clean.zip")
            for arn in LAYERS:
                count = opens("layers/" + layer_file(arn))
                expect(count == once, f"strace: layers/{layer_file(arn)} opened {count} times, "
                                      f"a zip opened once shows {once}")
            print(f"strace: each layer zip open()ed {once} times by the whole audit, as one "
                  f"function zip is (one ZipArchive::Open), not once per attaching function")
        else:
            print("note: strace not installed; layer opens checked through the JSON only")

        # The same findings as `check` on each function alone; and the time.
        check_seconds = check_cpu = 0.0
        by_name = {f["name"]: f for f in doc["functions"]}
        for name, status in sorted(expected.items()):
            if status != "checked":
                continue
            start, cpu = time.monotonic(), children_cpu()
            proc = run([linter, "check", f"functions/{name}.zip", "--function-config",
                        f"functions/{name}.json", "--layer-dir", "layers", "--resolution",
                        "managed", "--format", "json"], work)
            check_seconds += time.monotonic() - start
            check_cpu += children_cpu() - cpu
            if proc.returncode not in (0, 1):
                expect(False, f"check {name}: exit {proc.returncode}: {proc.stderr}")
                continue
            alone = json.loads(proc.stdout)["findings"]
            expect(alone == by_name[name]["findings"],
                   f"{name}: audit findings differ from check's:\n  audit {by_name[name]['findings']}"
                   f"\n  check {alone}")
            if any(k in name for k in ("nolink", "missing", "noext", "suppressed")):
                expect(len(alone) > 0, f"{name}: no findings (the fleet is broken)")
        all_findings = sum(len(f.get("findings", [])) for f in doc["functions"])
        expect(all_findings >= n * 4 // 6, f"only {all_findings} findings in all")

        # The text summary.
        proc = run([linter, "audit", ".", "--jobs", jobs], work, env=dict(os.environ, NO_COLOR="1"))
        text = proc.stdout
        expect(re.search(r"^function +runtime +errors +warnings +most frequent rule$", text, re.M),
               "no table header:\n" + text)
        for name in expected:
            expect(re.search(rf"^{re.escape(name)} ", text, re.M), f"no row for {name}")
        expect(f"{n + 4} functions: {n} checked, 3 skipped, 1 failed" in text, "no totals:\n" + text)
        expect(re.search(r"^fn-02-missing +nodejs22\.x +1 +0 +import-unresolved \(1\)$", text, re.M),
               "fn-02-missing row:\n" + text)
        expect("py-worker" in text and "skipped: runtime python3.12 is not Node.js" in text,
               "no skip line")
        expect(f"layers: 4 zips, 4 opens for {sum(users.values())} attachments" in text,
               "layers line:\n" + text)
        # Fixability as check shows it: the mark on each finding, the count in the totals.
        fixable = doc["totals"]["fixable"]
        expect(fixable > 0, "the fleet has nothing fixable (a function without its link is)")
        expect(f"; {fixable} fixable with `lambda-esm-lint fix`)" in text, "fixable total:\n" + text)
        expect(len(re.findall(r"^fn-\S+: \S+: (error|warning|info): \[\*\] ", text, re.M)) == fixable,
               "[*] marks:\n" + text)

        # Other formats hold every finding; --quiet only errors.
        sarif = json.loads(run([linter, "audit", ".", "--format", "sarif"], work).stdout)
        expect(len(sarif["runs"][0]["results"]) == all_findings, "SARIF result count")
        github = run([linter, "audit", ".", "--format", "github"], work).stdout
        expect(len(github.splitlines()) == all_findings, "GitHub line count")
        junit = run([linter, "audit", ".", "--format", "junit"], work).stdout
        expect(junit.count("<testsuite ") == n, "JUnit suites")
        quiet = run([linter, "audit", ".", "--quiet"], work).stdout
        expect(": warning:" not in quiet and ": error:" in quiet, "--quiet shows only errors")

        # check --function-config: the error cases.
        fn = "fn-00-clean"
        proc = run([linter, "check", f"functions/{fn}.zip", "--function-config",
                    f"functions/{fn}.json", "--layer-dir", "layers", "--layer", "x.zip"], work)
        expect(proc.returncode == 2 and "either with --layer or through --function-config"
               in proc.stderr, f"--layer with layers in the config: {proc.stderr}")
        proc = run([linter, "check", f"functions/{fn}.zip", "--function-config",
                    f"functions/{fn}.json"], work)
        expect(proc.returncode == 2 and "no zip at ./us-east-1.123456789012.shared-deps.3.zip"
               in proc.stderr, f"layer zip not found: {proc.stderr}")
        proc = run([linter, "check", "functions/py-worker.zip", "--function-config",
                    "functions/py-worker.json"], work)
        expect(proc.returncode == 2 and "runtime python3.12 is not one lambda-esm-lint checks"
               in proc.stderr, f"python runtime: {proc.stderr}")
        # A function's own NODE_PATH replaces the runtime's: the same kind of
        # function fails only where NODE_PATH leaves the layer's folder out,
        # in the audit and in check --function-config alike.
        def rules_at_error(findings):
            return sorted(f["rule"] for f in findings if f["severity"] == "error")
        own, default = by_name["fn-07-nolink"], by_name["fn-01-nolink"]
        expect("import-unresolved" in rules_at_error(own["findings"]) and
               "import-unresolved" not in rules_at_error(default["findings"]),
               f"NODE_PATH: fn-07 errors {rules_at_error(own['findings'])}, "
               f"fn-01 errors {rules_at_error(default['findings'])}")
        proc = run([linter, "check", "functions/fn-07-nolink.zip", "--function-config",
                    "functions/fn-07-nolink.json", "--layer-dir", "layers", "--resolution",
                    "managed", "--format", "json"], work)
        expect(proc.returncode == 1 and "import-unresolved" in
               rules_at_error(json.loads(proc.stdout)["findings"]),
               f"check --function-config with NODE_PATH: exit {proc.returncode}")

        print(f"timing: audit of {n} functions (--jobs {jobs}): {audit_seconds:.2f} s wall, "
              f"{audit_cpu:.2f} s CPU; {n} separate check runs: {check_seconds:.2f} s wall, "
              f"{check_cpu:.2f} s CPU")
        # CPU time, not wall time: the machine may be busy with other work.
        expect(audit_cpu < check_cpu, "audit used more CPU than separate checks")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
