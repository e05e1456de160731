#!/usr/bin/env python3
"""The package hunt: where does the linter disagree with the real runtime?

usage: tests/hunt/hunt.py [--packages FILE] [--cache DIR] [--out DIR]
                          [--linter PATH] [--lambda-sim PATH] [-j N]
                          [--runtime R]... [--layout bundled|layer]...
                          [--only NAME]... [--no-cache]

For every package of packages.json (name, exact version, import forms) the
package is installed once with `npm install --omit=dev --ignore-scripts` into
CACHE/install/NAME@VERSION (later runs use the lock in tests/hunt/locks/ and
`npm ci`), and for every form a function zip is built whose handler imports
the package in that form at top level and returns `typeof` of each binding.
Each zip runs under lambda-sim (--flavor managed) and the linter
(`check ... --resolution managed --format json`) on every runtime.  A run
agrees when "lambda-sim reported an init or invoke error" equals "the linter
reported at least one finding of category correctness and severity error".

Layouts: `bundled` puts node_modules in the function zip; `layer` puts it at
nodejs/node_modules in a layer zip and gives the function a node_modules ->
/opt/nodejs/node_modules symlink entry.

Writes OUT/hunt.json (every run) and OUT/hunt.md (the table and summary) and
prints the table.  lambda-sim verdicts are cached in CACHE/sim keyed by the
zips' contents and lambda-sim's own files, the linter's findings in
CACHE/lint keyed by the zips' contents and the linter binary.  Needs
root (lambda-sim) and the npm registry on the first install of a package.
Exit status 0 whatever the agreement (this is a survey, not a test), 2 on
misuse or when a tool is missing.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNTIMES = ("nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LINK_TARGET = "/opt/nodejs/node_modules"


def safe_name(pkg):
    return f"{pkg['name'].replace('/', '+')}@{pkg['version']}"


def form_id(pkg, form):
    """A short, stable name for a form: kind, then the subpath if any."""
    text = form["kind"]
    spec = form.get("spec", pkg["name"])
    if spec != pkg["name"]:
        text += " " + spec[len(pkg["name"]):] if spec.startswith(pkg["name"] + "/") else " " + spec
    if form.get("names"):
        text += " {" + ",".join(form["names"]) + "}"
    return text


def handler_source(pkg, form):
    """(file name, source) of a handler that imports SPEC in the form's way
    at top level and returns typeof of every binding it made."""
    spec = json.dumps(form.get("spec", pkg["name"]))
    kind = form["kind"]
    names = form.get("names", [])
    locals_ = [f"b{i}" for i in range(len(names))]
    if kind.startswith("esm-"):
        if kind == "esm-default":
            head, used = f"import b from {spec};", ["b"]
        elif kind == "esm-named":
            pairs = ", ".join(f"{n} as {b}" for n, b in zip(names, locals_))
            head, used = f"import {{ {pairs} }} from {spec};", locals_
        elif kind == "esm-default-named":
            pairs = ", ".join(f"{n} as {b}" for n, b in zip(names, locals_))
            head, used = f"import b, {{ {pairs} }} from {spec};", ["b"] + locals_
        elif kind == "esm-namespace":
            head, used = f"import * as b from {spec};", ["b"]
        elif kind == "esm-bare":
            head, used = f"import {spec};", []
        else:
            raise ValueError(f"unknown form kind {kind}")
        body = ", ".join(f"typeof {u}" for u in used)
        return "index.mjs", f"{head}\nexport const handler = async () => [{body}];\n"
    if kind == "cjs-require":
        head, used = f"const b = require({spec});", ["b"]
    elif kind == "cjs-destructure":
        pairs = ", ".join(f"{n}: {b}" for n, b in zip(names, locals_))
        head, used = f"const {{ {pairs} }} = require({spec});", locals_
    elif kind == "cjs-bare":
        head, used = f"require({spec});", []
    else:
        raise ValueError(f"unknown form kind {kind}")
    body = ", ".join(f"typeof {u}" for u in used)
    return "index.js", f"{head}\nexports.handler = async () => [{body}];\n"


# ---------------------------------------------------------------- install


def install(pkg, cache, locks_dir, log):
    """Installs PKG into CACHE/install/NAME@VERSION once; returns the folder
    that holds node_modules."""
    dest = os.path.join(cache, "install", safe_name(pkg))
    lock = os.path.join(locks_dir, safe_name(pkg) + ".json")
    if os.path.isdir(os.path.join(dest, "node_modules")):
        save_lock(dest, lock)
        return dest
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, "package.json"), "w") as f:
        json.dump({"private": True, "dependencies": {pkg["name"]: pkg["version"]}}, f)
    base = ["npm", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"]
    if os.path.isfile(lock):
        shutil.copy(lock, os.path.join(dest, "package-lock.json"))
        cmd = base[:1] + ["ci"] + base[1:]
    else:
        cmd = base[:1] + ["install", "--save-exact"] + base[1:]
    log(f"installing {pkg['name']}@{pkg['version']}: {' '.join(cmd)}")
    proc = subprocess.run(cmd, cwd=dest, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(os.path.join(dest, "node_modules"), ignore_errors=True)
        raise RuntimeError(f"npm failed for {pkg['name']}: {proc.stderr.strip()[-400:]}")
    save_lock(dest, lock)
    return dest


def save_lock(dest, lock):
    """Keeps the first install's lock so later installs get the same tree."""
    if not os.path.isfile(lock) and os.path.isfile(os.path.join(dest, "package-lock.json")):
        os.makedirs(os.path.dirname(lock), exist_ok=True)
        shutil.copy(os.path.join(dest, "package-lock.json"), lock)


# ---------------------------------------------------------------- zips


def add_tree(zf, root, prefix):
    """Adds ROOT's files under PREFIX (sorted; symlinks as symlink entries;
    node_modules/.bin is skipped: npm's command links are not imports)."""
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames if not (rel == "." and d == ".bin")
                             and not os.path.islink(os.path.join(dirpath, d)))
        links = [d for d in os.listdir(dirpath) if os.path.islink(os.path.join(dirpath, d))
                 and os.path.isdir(os.path.join(dirpath, d))]
        name = prefix if rel == "." else f"{prefix}/{rel}"
        info = zipfile.ZipInfo(name + "/", ZIP_TIME)
        info.create_system = 3
        info.external_attr = (stat.S_IFDIR | 0o755) << 16
        zf.writestr(info, b"")
        for fn in sorted(filenames + links):
            path = os.path.join(dirpath, fn)
            info = zipfile.ZipInfo(f"{name}/{fn}", ZIP_TIME)
            info.create_system = 3
            if os.path.islink(path):
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, os.readlink(path))
                continue
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                zf.writestr(info, f.read())


def base_zip(install_dir, prefix, out):
    """A zip of INSTALL/node_modules under PREFIX, built once per package."""
    if os.path.isfile(out):
        return out
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        add_tree(zf, os.path.join(install_dir, "node_modules"), prefix)
    os.replace(tmp, out)
    return out


def function_zip(base, handler, link, out):
    """BASE (or an empty zip) plus the handler file and, with LINK, the
    node_modules symlink entry."""
    if os.path.isfile(out):
        return out
    tmp = out + ".tmp"
    if base:
        shutil.copy(base, tmp)
    with zipfile.ZipFile(tmp, "a" if base else "w") as zf:
        name, source = handler
        info = zipfile.ZipInfo(name, ZIP_TIME)
        info.create_system = 3
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, source)
        if link:
            info = zipfile.ZipInfo("node_modules", ZIP_TIME)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, LINK_TARGET)
    os.replace(tmp, out)
    return out


def file_digest(paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- runs


def run_sim(sim, sim_digest, case, runtime, cache, use_cache):
    key = hashlib.sha256(f"{sim_digest} {case['zip_digest']} {runtime} managed".encode()).hexdigest()
    path = os.path.join(cache, "sim", key[:32] + ".json")
    if use_cache and os.path.isfile(path):
        with open(path) as f:
            return json.load(f)
    cmd = [sim, "--quiet", "--function", case["function"]]
    for layer in case["layers"]:
        cmd += ["--layer", layer]
    cmd += ["--runtime", runtime, "--handler", "index.handler", "--flavor", "managed"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return {"phase": "?", "status": "error", "errorType": "HuntTimeout",
                "errorMessage": "lambda-sim did not finish in 180 s"}
    verdict = None
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("LAMBDA_SIM_RESULT "):
            raw = json.loads(line[len("LAMBDA_SIM_RESULT "):])
            verdict = {k: raw[k] for k in ("phase", "status", "errorType", "errorMessage")
                       if raw.get(k) is not None}
            break
    if verdict is None:
        raise RuntimeError(f"lambda-sim printed no verdict (exit {proc.returncode}): "
                           f"{proc.stderr.strip()[-400:]}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(verdict, f)
    os.replace(path + ".tmp", path)
    return verdict


def run_linter(linter, linter_digest, case, runtime, cache, use_cache):
    key = hashlib.sha256(f"{linter_digest} {case['zip_digest']} {runtime} managed".encode()).hexdigest()
    path = os.path.join(cache, "lint", key[:32] + ".json")
    if use_cache and os.path.isfile(path):
        with open(path) as f:
            return json.load(f)
    result = lint_once(linter, case, runtime)
    if "crash" not in result:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w") as f:
            json.dump(result, f)
        os.replace(path + ".tmp", path)
    return result


def lint_once(linter, case, runtime):
    cmd = [linter, "check", case["function"]]
    for layer in case["layers"]:
        cmd += ["--layer", layer]
    cmd += ["--runtime", runtime, "--resolution", "managed", "--handler", "index.handler",
            "--format", "json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"crash": f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}", "findings": []}
    keep = ("rule", "category", "severity", "archive", "path", "message")
    return {"exit": proc.returncode,
            "findings": [{k: f.get(k) for k in keep if k in f} for f in report.get("findings", [])]}


def linter_errors(lint):
    return [f for f in lint["findings"]
            if f.get("category") == "correctness" and f.get("severity") == "error"]


# ---------------------------------------------------------------- report


def short(text, n=110):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 3] + "..."


def sim_text(v):
    if v.get("status") == "ok":
        return "ok"
    return f"{v.get('phase')} error: {v.get('errorType')}: {short(v.get('errorMessage', ''))}"


def lint_text(lint):
    if "crash" in lint:
        return "linter crashed: " + short(lint["crash"])
    errs = linter_errors(lint)
    if not errs:
        return "silent"
    f = errs[0]
    more = f" (+{len(errs) - 1})" if len(errs) > 1 else ""
    return f"error [{f.get('rule')}] {short(f.get('message', ''))}{more}"


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def summarize(rows):
    total = len(rows)
    agree = sum(1 for r in rows if r["agree"])
    missed = [r for r in rows if r["sim_fails"] and not r["lint_fails"]]
    false_alarms = [r for r in rows if r["lint_fails"] and not r["sim_fails"]]
    return {"runs": total, "agree": agree,
            "agreement_percent": round(100.0 * agree / total, 1) if total else 0.0,
            "sim_failures": sum(1 for r in rows if r["sim_fails"]),
            "missed_failures": len(missed), "false_alarms": len(false_alarms),
            "packages": len({r["package"] for r in rows}),
            "forms": len({(r["package"], r["form"], r["layout"]) for r in rows})}


def per_package(rows):
    out = {}
    for r in rows:
        p = out.setdefault(r["package"], {"forms": set(), "runtimes": set(), "runs": 0, "agree": 0})
        p["forms"].add(r["form"])
        p["runtimes"].add(r["runtime"].replace("nodejs", "").replace(".x", ""))
        p["runs"] += 1
        p["agree"] += r["agree"]
    return out


def write_markdown(path, rows, summary):
    lines = ["# Package hunt: lambda-sim versus the linter", "",
             f"{summary['packages']} packages, {summary['forms']} import forms, "
             f"{summary['runs']} runs (lambda-sim --flavor managed; linter --resolution managed).", "",
             f"- agreement: {summary['agree']} of {summary['runs']} runs ({summary['agreement_percent']} %)",
             f"- lambda-sim failures: {summary['sim_failures']}",
             f"- missed failures (lambda-sim error, linter silent): {summary['missed_failures']}",
             f"- false alarms (linter error, lambda-sim ok): {summary['false_alarms']}", "",
             "## Per package", "", "| package | forms | runtimes | agreements |", "| --- | --- | --- | --- |"]
    for name, p in per_package(rows).items():
        lines.append(f"| {md_cell(name)} | {len(p['forms'])} | {', '.join(sorted(p['runtimes']))} "
                     f"| {p['agree']}/{p['runs']} |")
    lines += ["", "## Disagreements", "",
              "| package | form | layout | runtime | lambda-sim | linter |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        if not r["agree"]:
            lines.append(f"| {md_cell(r['package'])} | `{md_cell(r['form'])}` | {r['layout']} | {r['runtime']} "
                         f"| {md_cell(sim_text(r['lambda_sim']))} | {md_cell(lint_text(r['linter']))} |")
    lines += ["", "## Every run", "",
              "| package | form | layout | runtime | lambda-sim | linter | agree? |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {md_cell(r['package'])} | `{md_cell(r['form'])}` | {r['layout']} | {r['runtime']} "
                     f"| {md_cell(sim_text(r['lambda_sim']))} | {md_cell(lint_text(r['linter']))} "
                     f"| {'yes' if r['agree'] else '**no**'} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def find_linter(explicit):
    if explicit:
        return explicit
    for cand in (os.path.join(REPO, "build", "src", "cli", "lambda-esm-lint"),):
        if os.path.isfile(cand):
            return cand
    return None


def find_sim(explicit):
    if explicit:
        return explicit
    if os.environ.get("LAMBDA_SIM"):
        return os.environ["LAMBDA_SIM"]
    d = REPO
    while True:
        cand = os.path.join(d, "shared", "lambda-sim", "lambda-sim")
        if os.path.isfile(cand):
            return cand
        if os.path.dirname(d) == d:
            return None
        d = os.path.dirname(d)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--packages", default=os.path.join(HERE, "packages.json"))
    ap.add_argument("--locks", default=os.path.join(HERE, "locks"))
    ap.add_argument("--cache", default=os.environ.get("LEL_HUNT_CACHE", "/var/cache/lel-hunt"))
    ap.add_argument("--out", default=None, help="default CACHE/report")
    ap.add_argument("--linter")
    ap.add_argument("--lambda-sim")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--runtime", action="append", choices=RUNTIMES)
    ap.add_argument("--layout", action="append", choices=("bundled", "layer"))
    ap.add_argument("--only", action="append", help="package name (repeatable)")
    ap.add_argument("--no-cache", action="store_true",
                    help="run lambda-sim and the linter again even where a result is cached")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    linter, sim = find_linter(args.linter), find_sim(args.lambda_sim)
    if not linter or not os.path.isfile(linter):
        print("hunt: linter not found (build it, or pass --linter)", file=sys.stderr)
        return 2
    if not sim or not os.path.isfile(sim):
        print("hunt: lambda-sim not found (pass --lambda-sim or set LAMBDA_SIM)", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("hunt: lambda-sim needs root", file=sys.stderr)
        return 2
    sim_dir = os.path.dirname(sim)
    sim_digest = file_digest([os.path.join(sim_dir, f) for f in sorted(os.listdir(sim_dir))
                              if os.path.isfile(os.path.join(sim_dir, f))])
    linter_digest = file_digest([linter])
    runtimes = args.runtime or list(RUNTIMES)
    layouts = args.layout or ["bundled"]
    log = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))

    with open(args.packages) as f:
        packages = json.load(f)["packages"]
    if args.only:
        packages = [p for p in packages if p["name"] in args.only]
    for d in ("zips", "sim", "lint"):
        os.makedirs(os.path.join(args.cache, d), exist_ok=True)

    # Cases: one per (package, form, layout), zips built once each.
    cases = []
    for pkg in packages:
        inst = install(pkg, args.cache, args.locks, log)
        zdir = os.path.join(args.cache, "zips", safe_name(pkg))
        os.makedirs(zdir, exist_ok=True)
        for layout in layouts:
            if layout == "bundled":
                base = base_zip(inst, "node_modules", os.path.join(zdir, "node_modules.zip"))
                layers = []
            else:
                base = None
                layers = [base_zip(inst, "nodejs/node_modules", os.path.join(zdir, "layer.zip"))]
            for form in pkg["forms"]:
                handler = handler_source(pkg, form)
                digest = hashlib.sha256(json.dumps([layout, handler]).encode()).hexdigest()[:16]
                fn = function_zip(base, handler, layout == "layer",
                                  os.path.join(zdir, f"fn-{layout}-{digest}.zip"))
                cases.append({"package": f"{pkg['name']}@{pkg['version']}", "form": form_id(pkg, form),
                              "readme": form.get("readme", True), "layout": layout,
                              "handler_file": handler[0], "handler": handler[1],
                              "function": fn, "layers": layers,
                              "zip_digest": file_digest([fn] + layers)})
    log(f"{len(cases)} zips, {len(cases) * len(runtimes)} runs")

    def one(job):
        case, runtime = job
        verdict = run_sim(sim, sim_digest, case, runtime, args.cache, not args.no_cache)
        lint = run_linter(linter, linter_digest, case, runtime, args.cache, not args.no_cache)
        sim_fails = verdict.get("status") != "ok"
        lint_fails = bool(linter_errors(lint))
        row = {k: case[k] for k in ("package", "form", "readme", "layout", "handler_file", "handler")}
        row.update({"runtime": runtime, "lambda_sim": verdict, "linter": lint,
                    "sim_fails": sim_fails, "lint_fails": lint_fails, "agree": sim_fails == lint_fails})
        return row

    jobs = [(c, r) for c in cases for r in runtimes]
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        for i, row in enumerate(pool.map(one, jobs)):
            rows.append(row)
            if not row["agree"]:
                log(f"[{i + 1}/{len(jobs)}] DISAGREE {row['package']} {row['form']} {row['layout']} "
                    f"{row['runtime']}: lambda-sim {sim_text(row['lambda_sim'])}; linter {lint_text(row['linter'])}")

    summary = summarize(rows)
    out = args.out or os.path.join(args.cache, "report")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "hunt.json"), "w") as f:
        json.dump({"summary": summary, "runs": rows}, f, indent=1)
    write_markdown(os.path.join(out, "hunt.md"), rows, summary)

    width = max((len(r["package"]) for r in rows), default=10)
    fw = max((len(r["form"]) for r in rows), default=10)
    print(f"{'package':<{width}}  {'form':<{fw}}  layout   runtime     agree  lambda-sim | linter")
    for r in rows:
        print(f"{r['package']:<{width}}  {r['form']:<{fw}}  {r['layout']:<7}  {r['runtime']:<10}  "
              f"{'yes' if r['agree'] else 'NO ':<5}  {short(sim_text(r['lambda_sim']), 70)} | "
              f"{short(lint_text(r['linter']), 70)}")
    print(f"\n{summary['packages']} packages, {summary['forms']} forms, {summary['runs']} runs: "
          f"{summary['agree']} agree ({summary['agreement_percent']} %), "
          f"{summary['missed_failures']} missed failures, {summary['false_alarms']} false alarms "
          f"(lambda-sim failed {summary['sim_failures']} times)")
    print(f"written: {os.path.join(out, 'hunt.json')}, {os.path.join(out, 'hunt.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
