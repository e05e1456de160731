#!/usr/bin/env python3
"""Runs resolution queries under real Node at the real Lambda paths: how
the expectations marked "Checked" in resolver_test.cc were obtained.

Needs root, unshare, and the Node builds lambda-sim caches
(/var/cache/lambda-sim/nodeNN). Example:

    import node_check
    node_check.run({"/var/task/lib/a.js": ""}, "/var/task/index.mjs",
                   [["./lib/a", ""]], 22, managed=True)
    -> [["./lib/a", "", "ERR_MODULE_NOT_FOUND: Cannot find module ..."]]

The parent's file is replaced by a harness (ESM for .mjs, else CommonJS);
keep other .js files empty so they load as either format.

A tree (path -> content, or ("link", target)) is laid out in a temp dir and
bind-mounted at /var/task and /opt in a private mount namespace (as
lambda-sim does); each query runs from a harness written at its parent
path. Output: one JSON line per query: [spec, type, result]."""
import json, os, shutil, subprocess, sys, tempfile

FLAGS = {18: [], 20: ["--no-experimental-require-module"],
         22: ["--no-experimental-require-module", "--no-experimental-detect-module"], 24: []}

ESM_HARNESS = r"""
import { fileURLToPath } from 'node:url';
const qs = JSON.parse(process.env.LEL_Q);
for (const [spec, type] of qs) {
  let out;
  try {
    await import(spec, type ? { with: { type } } : undefined);
    let url = await import.meta.resolve(spec);
    out = url.startsWith('file://') ? fileURLToPath(url) : url;
  } catch (e) { out = `${e.code}: ${String(e.message).split('\nDid you mean')[0]}`; }
  console.log(JSON.stringify([spec, type, out]));
}
"""
CJS_HARNESS = r"""
const qs = JSON.parse(process.env.LEL_Q);
for (const [spec] of qs) {
  let out;
  try { require(spec); out = require.resolve(spec); }
  catch (e) { out = `${e.code}: ${String(e.message).split('\nRequire stack:')[0]}`; }
  console.log(JSON.stringify([spec, '', out]));
}
"""

def run(tree, parent, queries, major, managed=False, node_path=None):
    work = tempfile.mkdtemp(prefix="lelverify.")
    roots = {"/var/task": os.path.join(work, "task"), "/opt": os.path.join(work, "opt")}
    for d in roots.values(): os.makedirs(d)
    def host(p):
        for prefix, d in roots.items():
            if p == prefix or p.startswith(prefix + "/"):
                return d + p[len(prefix):]
        raise SystemExit("path outside /var/task and /opt: " + p)
    files = dict(tree)
    harness = ESM_HARNESS if parent.endswith(".mjs") else CJS_HARNESS
    files[parent] = harness
    for p, c in files.items():
        h = host(p)
        os.makedirs(os.path.dirname(h), exist_ok=True)
        if isinstance(c, tuple):
            if os.path.lexists(h): os.remove(h)
            os.symlink(c[1], h)
        elif c is None:
            os.makedirs(h, exist_ok=True)
        else:
            with open(h, "w") as f: f.write(c)
    nodedir = f"/var/cache/lambda-sim/node{major}"
    shutil.copytree("/work/shared/lambda-sim", os.path.join(work, "runtime"),
                    ignore=shutil.ignore_patterns("lambda-sim", "README.md"))
    flags = list(FLAGS[major])
    if managed: flags += ["--import", "/var/runtime/register-nodepath.mjs"]
    if node_path is None:
        node_path = f"/opt/nodejs/node{major}/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task"
    os.makedirs(os.path.join(work, "lang"))
    quoted_q = json.dumps(queries).replace("'", "'\\''")
    script = f"""set -e
mount --bind {nodedir} {work}/lang
mount -t tmpfs tmpfs /var
mkdir -p /var/task /var/runtime /var/lang
mount --bind {work}/task /var/task
mount --bind {work}/runtime /var/runtime
mount --bind {work}/lang /var/lang
mount --bind {work}/opt /opt
cd /var/task
exec env -i PATH=/usr/bin:/bin NODE_PATH='{node_path}' LEL_Q='{quoted_q}' /var/lang/bin/node {' '.join(flags)} {parent}
"""
    p = subprocess.run(["unshare", "-m", "--propagation", "private", "bash", "-c", script],
                       capture_output=True, text=True)
    shutil.rmtree(work)
    out = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("[")]
    if p.returncode != 0 or len(out) != len(queries):
        sys.stderr.write(p.stderr[-2000:])
    return out
