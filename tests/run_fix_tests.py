#!/usr/bin/env python3
"""Tests `lambda-esm-lint fix` on the fix fixtures and on zips made by real tools.

usage: tests/run_fix_tests.py --linter PATH [--oracle | --record] [--filter GLOB]... ROOT

ROOT holds fixtures (tests/fixtures/README.md) whose runs carry a "fix" item:
  "fix": {"args": ["--unsafe-fixes"], "exit": 0, "after": [expected findings]}
For each run the fixture's zips are built and:
  1. `check` on the input gives the run's "expect" (and agrees with the
     recorded "lambda_sim" verdict), as in run_fixtures.py;
  2. `fix --dry-run --format json` lists the planned edits; `fix -o OUT`
     exits with fix.exit; the input is unchanged byte for byte;
  3. `check` on OUT gives fix.after, which agrees with "lambda_sim_after";
  4. every entry no edit names is byte-identical in OUT: its raw local record
     (header, name, extra fields, data, descriptor) and its central record
     (but for the offset field), parsed here independently of the linter;
  5. determinism: fixing the input again gives identical bytes; idempotence:
     fixing OUT finds nothing to change, so -o writes no zip and --in-place
     leaves OUT's bytes alone. When the input itself has nothing to change,
     fix writes no OUT and the checks run on the input.
Then the same on zips made by Info-ZIP `zip` (extra fields; streamed with data
descriptors), the must-show case (a tree with a node_modules link zipped
without --symlinks), and failure safety: a destination folder that cannot be
written and a full 64 KiB tmpfs leave the original untouched, exit 2.

--oracle (ctest label `oracle`) runs lambda-sim on every input and output and
compares with the recorded "lambda_sim" / "lambda_sim_after"; --record writes
them. Both exit 77 (skipped) without root, unshare or lambda-sim.
"""
import argparse
import fnmatch
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture_zip  # noqa: E402
import lambda_sim_record  # noqa: E402
import run_fixtures  # noqa: E402

SKIP = 77
UUID_MJS = ("import { v4 as uuidv4 } from 'uuid';\n\n"
            "export const handler = async () => ({ statusCode: 200, id: uuidv4().length });\n")


# --- An independent zip record parser (for the byte-identity check) --------

def zip_records(path):
    """{name: (raw local record, central record with the offset zeroed)}."""
    data = open(path, "rb").read()
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0:
        raise ValueError(f"{path}: no end of central directory")
    count, = struct.unpack_from("<H", data, eocd + 10)
    cd_offset, = struct.unpack_from("<I", data, eocd + 16)
    records, pos = {}, cd_offset
    for _ in range(count):
        if data[pos:pos + 4] != b"PK\x01\x02":
            raise ValueError(f"{path}: bad central record at {pos}")
        crc, csize = struct.unpack_from("<II", data, pos + 16)
        nlen, elen, clen = struct.unpack_from("<HHH", data, pos + 28)
        offset, = struct.unpack_from("<I", data, pos + 42)
        central = data[pos:pos + 46 + nlen + elen + clen]
        name = central[46:46 + nlen]
        central = central[:42] + b"\0\0\0\0" + central[46:]
        if data[offset:offset + 4] != b"PK\x03\x04":
            raise ValueError(f"{path}: no local header for {name!r}")
        flags, = struct.unpack_from("<H", data, offset + 6)
        lnlen, lelen = struct.unpack_from("<HH", data, offset + 26)
        end = offset + 30 + lnlen + lelen + csize
        if flags & 8:  # data descriptor, with or without its signature
            has_sig = data[end:end + 4] == b"PK\x07\x08" and \
                struct.unpack_from("<I", data, end + 4)[0] == crc
            end += 16 if has_sig else 12
        if name in records:
            raise ValueError(f"{path}: duplicate entry {name!r}")
        records[name] = (data[offset:end], central)
        pos += 46 + nlen + elen + clen
    return records


def untouched_differences(before, after, edited):
    """Names not in `edited` whose records differ (or vanished)."""
    a, b = zip_records(before), zip_records(after)
    problems = []
    for name, records in a.items():
        if name.decode("utf-8", "replace") in edited:
            continue
        if name not in b:
            problems.append(f"untouched entry {name!r} is gone")
        elif b[name][0] != records[0]:
            problems.append(f"untouched entry {name!r}: local record differs")
        elif b[name][1] != records[1]:
            problems.append(f"untouched entry {name!r}: central record differs")
    return problems


# --- Running the linter -----------------------------------------------------

def run_args(run):
    args = ["--runtime", run.get("runtime", "nodejs22.x"),
            "--resolution", run.get("resolution", "stock"),
            "--handler", run.get("handler", "index.handler")]
    if run.get("architecture"):
        args += ["--architecture", run["architecture"]]
    return args


def layer_args(zips):
    out = []
    for layer in zips["layers"]:
        out += ["--layer", layer]
    return out


def fix(linter, function, zips, run, *extra):
    cmd = [linter, "fix", function] + layer_args(zips) + run_args(run) + \
        run.get("fix", {}).get("args", []) + list(extra)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_fix_run(linter, zips, run, tmp):
    """Steps 1-5 for one run; returns a list of problems."""
    problems, _ = run_fixtures.check_run(linter, zips, run)
    problems = [f"before: {p}" for p in problems]
    spec = run["fix"]
    original = read(zips["function"])

    plan = fix(linter, zips["function"], zips, run, "--dry-run", "--format", "json")
    if plan.returncode not in (0, 1):
        return problems + [f"dry run exited {plan.returncode}: {plan.stderr.strip()}"]
    edited = {e["name"] for f in json.loads(plan.stdout)["fixes"] for e in f["edits"]}

    out = os.path.join(tmp, "out.zip")
    done = fix(linter, zips["function"], zips, run, "-o", out)
    if done.returncode != spec.get("exit", 0):
        problems.append(f"fix exited {done.returncode}, expected {spec.get('exit', 0)}: "
                        f"{(done.stderr or done.stdout).strip()[-600:]}")
    if read(zips["function"]) != original:
        problems.append("the input zip changed")
    if not edited:
        # Nothing to change: fix writes no zip, and the input stands for the
        # output below (what check finds on it is fix.after).
        if os.path.exists(out):
            problems.append("nothing to change, but an output zip was written")
        out = zips["function"]
    elif not os.path.exists(out):
        return problems + ["no output written"]

    after_run = dict(run, expect=spec.get("after", []))
    after_run.pop("lambda_sim", None)
    if "lambda_sim_after" in run:
        after_run["lambda_sim"] = run["lambda_sim_after"]
    fixed_zips = dict(zips, function=out)
    after_problems, _ = run_fixtures.check_run(linter, fixed_zips, after_run)
    problems += [f"after: {p}" for p in after_problems if "no lambda_sim verdict" not in p]

    problems += untouched_differences(zips["function"], out, edited)

    if edited:
        again = os.path.join(tmp, "again.zip")
        fix(linter, zips["function"], zips, run, "-o", again)
        if not os.path.exists(again) or read(again) != read(out):
            problems.append("not deterministic: a second fix of the input differs")
    # Idempotence: fixing the output finds nothing to change and writes nothing.
    twice = os.path.join(tmp, "twice.zip")
    fix(linter, out, zips, run, "-o", twice)
    if os.path.exists(twice):
        problems.append("not idempotent: fixing the output wrote a new zip")
    in_place = os.path.join(tmp, "in-place.zip")
    shutil.copyfile(out, in_place)
    fix(linter, in_place, zips, run, "--in-place")
    if read(in_place) != read(out):
        problems.append("not idempotent: fix --in-place of the output changed it")
    return problems


def label(name, run):
    extra = " " + " ".join(run["fix"]["args"]) if run.get("fix", {}).get("args") else ""
    return f"{name} [{run.get('runtime')} {run.get('resolution')}{extra}]"


def fixture_runs(root, filters):
    fixtures = fixture_zip.find_fixtures([root])
    for fixture_dir in fixtures:
        name = os.path.relpath(fixture_dir, root).replace(os.sep, "/")
        if filters and not any(fnmatch.fnmatchcase(name, g) for g in filters):
            continue
        yield fixture_dir, name, fixture_zip.load_manifest(fixture_dir)


# --- Zips made by real tools, and failure safety ----------------------------

def build_layer(tmp):
    """The layer of fix/link-missing: uuid at nodejs/node_modules."""
    out = os.path.join(tmp, "layer")
    os.makedirs(out, exist_ok=True)
    return fixture_zip.build_fixture(os.path.join(HERE, "fixtures", "fix", "link-missing"),
                                     out)["layers"]


def write_tree(root, with_link):
    os.makedirs(os.path.join(root, "lib"), exist_ok=True)
    with open(os.path.join(root, "index.mjs"), "w") as f:
        f.write(UUID_MJS)
    with open(os.path.join(root, "lib", "notes.txt"), "w") as f:
        f.write("x" * 3000)
    if with_link:
        os.symlink("/opt/nodejs/node_modules", os.path.join(root, "node_modules"))


def real_tool_cases(tmp):
    """(label, function zip) pairs made by Info-ZIP zip."""
    if shutil.which("zip") is None:
        return []
    cases = []
    tree = os.path.join(tmp, "tree")
    write_tree(tree, with_link=True)
    plain = os.path.join(tmp, "zip-r.zip")
    # The must-show case: no --symlinks. zip follows the link; on a machine
    # without /opt/nodejs/node_modules it drops it ("name not matched").
    subprocess.run(["zip", "-q", "-r", plain, "."], cwd=tree, capture_output=True)
    cases.append(("zip -r without --symlinks", plain))
    streamed = os.path.join(tmp, "zip-streamed.zip")
    with open(streamed, "wb") as out:  # through a pipe: data descriptors
        zip_proc = subprocess.Popen(["zip", "-q", "-r", "-", "index.mjs", "lib"], cwd=tree,
                                    stdout=subprocess.PIPE)
        cat = subprocess.run(["cat"], stdin=zip_proc.stdout, stdout=out)
        zip_proc.wait()
    if cat.returncode == 0:
        cases.append(("zip -r - | cat (data descriptors)", streamed))
    return cases


def check_real_tools(linter, tmp, results):
    layers = build_layer(tmp)
    zips_base = {"layers": layers}
    run = {"runtime": "nodejs22.x", "resolution": "stock", "handler": "index.handler",
           "fix": {}}
    for name, function in real_tool_cases(tmp):
        problems = []
        zips = dict(zips_base, function=function)
        original = read(function)
        out = function + ".fixed.zip"
        plan = fix(linter, function, zips, run, "--dry-run", "--format", "json")
        edited = {e["name"] for f in json.loads(plan.stdout)["fixes"] for e in f["edits"]}
        done = fix(linter, function, zips, run, "-o", out)
        if done.returncode != 0:
            problems.append(f"fix exited {done.returncode}: {done.stdout}{done.stderr}")
        elif not edited:
            problems.append("nothing to fix (expected node-modules-link-missing)")
        else:
            problems += untouched_differences(function, out, edited)
            check = subprocess.run([linter, "check", out] + layer_args(zips) + run_args(run),
                                   capture_output=True, text=True)
            if check.returncode != 0:
                problems.append(f"check after fix exited {check.returncode}: {check.stdout}")
        if read(function) != original:
            problems.append("the input zip changed")
        results.append((f"real tools: {name}", problems))
    return layers


def check_failure_safety(linter, tmp, layers, results):
    run = {"runtime": "nodejs22.x", "resolution": "stock", "handler": "index.handler", "fix": {}}
    # A function zip needing the link, about 40 KB (incompressible data).
    src = os.path.join(tmp, "safety.zip")
    import zipfile
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("index.mjs", UUID_MJS)
        z.writestr("blob.bin", os.urandom(40000))
    zips = {"function": src, "layers": layers}

    # 1. A destination folder that is not writable (or does not exist).
    problems = []
    original = read(src)
    done = fix(linter, src, zips, run, "-o", os.path.join(tmp, "no-such-folder", "out.zip"))
    if done.returncode != 2 or "cannot create a temporary file" not in done.stderr:
        problems.append(f"missing folder: exit {done.returncode}: {done.stderr.strip()}")
    if os.geteuid() != 0:
        locked = os.path.join(tmp, "locked")
        os.mkdir(locked)
        shutil.copyfile(src, os.path.join(locked, "fn.zip"))
        os.chmod(locked, 0o555)
        before = read(os.path.join(locked, "fn.zip"))
        done = fix(linter, os.path.join(locked, "fn.zip"), zips, run, "--in-place")
        if done.returncode != 2 or read(os.path.join(locked, "fn.zip")) != before:
            problems.append(f"read-only folder: exit {done.returncode}, or the zip changed")
        os.chmod(locked, 0o755)
    if read(src) != original:
        problems.append("the input zip changed")
    results.append(("failure safety: unwritable destination", problems))

    # 2. A full destination: in place on a 64 KiB tmpfs that holds the zip.
    if os.geteuid() != 0:
        results.append(("failure safety: full tmpfs", None))
        return
    mnt = os.path.join(tmp, "tiny")
    os.mkdir(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt],
                      capture_output=True).returncode != 0:
        results.append(("failure safety: full tmpfs", None))
        return
    problems = []
    try:
        target = os.path.join(mnt, "fn.zip")
        shutil.copyfile(src, target)
        before = read(target)
        done = fix(linter, target, zips, run, "--in-place")
        if done.returncode != 2:
            problems.append(f"exit {done.returncode}, expected 2: {done.stdout}{done.stderr}")
        if read(target) != before:
            problems.append("the zip on the full tmpfs changed")
        if sorted(os.listdir(mnt)) != ["fn.zip"]:
            problems.append(f"left behind: {sorted(os.listdir(mnt))}")
    finally:
        subprocess.run(["umount", mnt], capture_output=True)
    results.append(("failure safety: full tmpfs", problems))


# --- lambda-sim --------------------------------------------------------------

def oracle(linter, root, filters, record):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print("run_fix_tests.py: skipped: lambda-sim needs root and unshare")
        return SKIP
    sim = lambda_sim_record.find_lambda_sim(None)
    if sim is None:
        print("run_fix_tests.py: skipped: lambda-sim not found")
        return SKIP
    failed = passed = 0
    for fixture_dir, name, manifest in fixture_runs(root, filters):
        changed = False
        with tempfile.TemporaryDirectory(prefix="lel-fix-sim-") as tmp:
            zips = fixture_zip.build_fixture(fixture_dir, tmp, manifest)
            for i, run in enumerate(manifest.get("runs", [])):
                out = os.path.join(tmp, f"out{i}.zip")
                fix(linter, zips["function"], zips, run, "-o", out)
                if not os.path.exists(out):
                    # Nothing to change: fix writes no zip; the input runs as "after".
                    out = zips["function"]
                before = lambda_sim_record.run_lambda_sim(sim, zips, run)
                after = lambda_sim_record.run_lambda_sim(sim, dict(zips, function=out), run)
                for key, verdict in (("lambda_sim", before), ("lambda_sim_after", after)):
                    if run.get(key) == verdict:
                        continue
                    if record:
                        run[key] = verdict
                        changed = True
                        continue
                    failed += 1
                    print(f"FAIL {label(name, run)} {key}\n  recorded:   "
                          f"{json.dumps(run.get(key))}\n  lambda-sim: {json.dumps(verdict)}")
                    break
                else:
                    passed += 1
                    print(f"PASS {label(name, run)}: before {before['phase']} {before['status']}"
                          f", after {after['phase']} {after['status']}")
        if changed:
            with open(os.path.join(fixture_dir, "fixture.json"), "w", encoding="utf-8") as f:
                f.write(fixture_zip.dump_manifest(manifest))
    # The must-show case: a tree with the link, zipped without --symlinks.
    with tempfile.TemporaryDirectory(prefix="lel-fix-sim-") as tmp:
        layers = build_layer(tmp)
        run = {"runtime": "nodejs22.x", "resolution": "stock", "handler": "index.handler",
               "fix": {}}
        for case, function in real_tool_cases(tmp)[:1]:
            zips = {"function": function, "layers": layers}
            out = function + ".fixed.zip"
            fix(linter, function, zips, run, "-o", out)
            before = lambda_sim_record.run_lambda_sim(sim, zips, run)
            after = lambda_sim_record.run_lambda_sim(sim, dict(zips, function=out), run)
            ok = before["status"] == "error" and after["status"] == "ok"
            passed, failed = passed + ok, failed + (not ok)
            print(f"{'PASS' if ok else 'FAIL'} {case} (stock): before {json.dumps(before)}, "
                  f"after {json.dumps(after)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--linter", required=True)
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--filter", action="append", default=[])
    ap.add_argument("root")
    args = ap.parse_args(argv[1:])
    linter = os.path.abspath(args.linter)
    if args.oracle or args.record:
        return oracle(linter, args.root, args.filter, args.record)

    results = []
    for fixture_dir, name, manifest in fixture_runs(args.root, args.filter):
        with tempfile.TemporaryDirectory(prefix="lel-fix-") as tmp:
            zips = fixture_zip.build_fixture(fixture_dir, tmp, manifest)
            for i, run in enumerate(manifest.get("runs", [])):
                if "fix" not in run:
                    continue
                run_tmp = os.path.join(tmp, f"run{i}")
                os.mkdir(run_tmp)
                results.append((label(name, run), check_fix_run(linter, zips, run, run_tmp)))
    if not args.filter:
        with tempfile.TemporaryDirectory(prefix="lel-fix-tools-") as tmp:
            layers = check_real_tools(linter, tmp, results)
            check_failure_safety(linter, tmp, layers, results)

    passed = failed = skipped = 0
    for name, problems in results:
        if problems is None:
            skipped += 1
            print(f"SKIP {name} (needs root and mount)")
        elif problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print(f"    {p}")
        else:
            passed += 1
            print(f"PASS {name}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
