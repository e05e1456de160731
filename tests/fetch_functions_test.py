#!/usr/bin/env python3
"""Tests scripts/fetch-functions.sh without AWS.

usage: tests/fetch_functions_test.py --linter PATH

The script cannot be run against AWS here, so `aws` is a stand-in
(tests/fetch_functions/aws_standin.py) replaying recorded responses of
list-functions, get-function and get-layer-version-by-arn, whose code
locations are file:// URLs of zips built at test time from
tests/fetch_functions/code/ and vendored packages; curl downloads them as it
would a presigned S3 URL. Checks the folder it fills (names, redacted code
URLs, which code was downloaded), the calls it made, that a second run
keeps the layer zips, that a function deleted meanwhile is reported and
makes the exit status 1, and that `lambda-esm-lint audit` reads the result.
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
DATA = os.path.join(HERE, "fetch_functions")
sys.path.insert(0, HERE)
import fixture_zip  # noqa: E402
from expectations import Expectations  # noqa: E402

PACKAGES = os.path.join(HERE, "fixtures", "packages")
LINK = {"name": "node_modules", "symlink": "/opt/nodejs/node_modules"}
SHARED = "us-east-1.123456789012.shared-deps.3.zip"
ID_TOOLS = "eu-west-1.210987654321.id-tools.12.zip"


def build_code(out):
    """The zips the recorded code locations point at."""
    def build(name, tree=None, packages=(), extras=()):
        b = fixture_zip.ArchiveBuilder(name)
        if tree:
            b.add_tree(os.path.join(DATA, "code", tree))
        for package in packages:
            b.add_package(PACKAGES, package, "nodejs/node_modules")
        for extra in extras:
            b.add_extra(extra)
        b.write(os.path.join(out, name + ".zip"))
    build("orders-api", "orders-api", extras=[LINK])
    build("billing-worker", "billing-worker")
    build("layer-shared-deps-3", packages=["uuid@9.0.1", "ms@2.1.3"])
    build("layer-id-tools-12", packages=["nanoid@5.0.9"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--linter", required=True)
    args = ap.parse_args()
    linter = os.path.abspath(args.linter)
    if not shutil.which("curl"):
        print("skipped: curl is not installed")
        return 77
    tally = Expectations()
    expect = tally.expect

    with tempfile.TemporaryDirectory(prefix="lel-fetch-") as work:
        code = os.path.join(work, "code")
        os.makedirs(code)
        build_code(code)
        log = os.path.join(work, "aws-calls.jsonl")
        env = dict(os.environ, AWS=os.path.join(DATA, "aws_standin.py"),
                   LEL_FAKE_AWS_RESPONSES=os.path.join(DATA, "responses"),
                   LEL_FAKE_AWS_CODE="file://" + code, LEL_FAKE_AWS_LOG=log)
        script = os.path.join(ROOT, "scripts", "fetch-functions.sh")
        audit_dir = os.path.join(work, "audit")

        def fetch(**extra_env):
            return subprocess.run([script, audit_dir, "--region", "us-east-1", "--profile", "ops"],
                                  capture_output=True, text=True, timeout=300,
                                  env=dict(env, **extra_env))

        proc = fetch()
        expect(proc.returncode == 0, f"fetch exit {proc.returncode}: {proc.stderr}")
        files = sorted(os.path.relpath(os.path.join(d, f), audit_dir)
                       for d, _, fs in os.walk(audit_dir) for f in fs)
        expect(files == ["functions/billing-worker.json", "functions/billing-worker.zip",
                         "functions/orders-api.json", "functions/orders-api.zip",
                         "functions/report-py.json", "layers/" + ID_TOOLS, "layers/" + SHARED],
               f"files: {files}")
        for name in ("billing-worker", "orders-api", "report-py"):
            doc = json.load(open(os.path.join(audit_dir, "functions", name + ".json")))
            expect(doc["Code"]["Location"] == "(removed by fetch-functions.sh)",
                   f"{name}: code URL kept: {doc['Code']}")
            expect(doc["Configuration"]["FunctionName"] == name, f"{name}: configuration")
        calls = [json.loads(line) for line in open(log)]
        ops = [c[1] for c in calls]
        expect(ops.count("list-functions") == 1 and ops.count("get-function") == 3 and
               ops.count("get-layer-version-by-arn") == 2, f"calls: {ops}")
        layer_calls = [c for c in calls if c[1] == "get-layer-version-by-arn"]
        expect(all("--profile" in c and c[c.index("--profile") + 1] == "ops" for c in calls),
               "--profile not passed on every call")
        expect(any(c[c.index("--region") + 1] == "eu-west-1" for c in layer_calls),
               f"a layer of another region fetched without its region: {layer_calls}")

        # The folder is what audit reads.
        proc = subprocess.run([linter, "audit", audit_dir, "--format", "json"],
                              capture_output=True, text=True, timeout=300)
        expect(proc.returncode == 0, f"audit exit {proc.returncode}: {proc.stderr}")
        doc = json.loads(proc.stdout)
        summary = {f["name"]: (f["status"], [x["rule"] for x in f.get("findings", [])])
                   for f in doc["functions"]}
        expect(summary == {"billing-worker": ("checked", ["node-modules-link-missing"]),
                           "orders-api": ("checked", []),
                           "report-py": ("skipped", [])}, f"audit: {summary}")
        expect({l["file"]: l["functions"] for l in doc["layers"]} ==
               {"layers/" + ID_TOOLS: 1, "layers/" + SHARED: 2}, f"layers: {doc['layers']}")

        # A second run keeps the layer zips (a layer version never changes);
        # a function deleted between list and get is reported, exit 1.
        os.remove(log)
        proc = fetch(LEL_FAKE_AWS_LIST="list-functions-with-a-deleted-function.json")
        expect(proc.returncode == 1, f"second fetch exit {proc.returncode}")
        expect("deleted-meanwhile: get-function failed, skipped" in proc.stderr, proc.stderr)
        ops = [json.loads(line)[1] for line in open(log)]
        expect("get-layer-version-by-arn" not in ops, f"layers fetched again: {ops}")
        expect(not os.path.exists(os.path.join(audit_dir, "functions", "deleted-meanwhile.json")),
               "a file left for the deleted function")
        proc = subprocess.run([script], capture_output=True, text=True, env=env)
        expect(proc.returncode == 2 and "usage: scripts/fetch-functions.sh DIR" in proc.stderr,
               f"no usage without DIR: {proc.stderr}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
