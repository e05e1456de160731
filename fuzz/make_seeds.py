#!/usr/bin/env python3
"""Writes the hand-made seed inputs (files named seed-*) of the fuzz corpora.

The other files in corpus/*/ were found by libFuzzer from these seeds and
kept by `-merge=1` because they reach new code (README.md). Seeds:
  zip_archive, zip_writer
               small zips made here with Python's zipfile: stored, deflated,
               folders, symlinks, odd names, zip64 records, comments
  module_scan  the JavaScript files of tests/fixtures (not the npm packages)
               and a few written here with every import and export form
  resolver     "SPECIFIER\\nPACKAGE.JSON" pairs: the fixtures' package.json
               files and exports/imports maps written here
Run from anywhere; rewrites only seed-* files.
"""
import hashlib
import io
import json
import os
import stat
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures")
GROUPS = ["link", "corpus", "package", "handler"]


ZIPS = ("zip_archive", "zip_writer")  # the zip seeds serve both targets


def write(corpora, name, data):
    if isinstance(data, str):
        data = data.encode()
    for corpus in [corpora] if isinstance(corpora, str) else corpora:
        with open(os.path.join(HERE, "corpus", corpus, "seed-" + name), "wb") as f:
            f.write(data)


def zip_bytes(entries, **kwargs):
    """entries: (name, data, mode, compress) tuples; mode None for MS-DOS."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", **kwargs) as z:
        for name, data, mode, compress in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            if mode is None:
                info.create_system = 0
            else:
                info.create_system = 3
                info.external_attr = mode << 16
                if stat.S_ISDIR(mode):
                    info.external_attr |= 0x10
            z.writestr(info, data)
    return buf.getvalue()


def zip_seeds():
    handler = "export const handler = async () => 1;\n"
    f, d, l = 0o100644, 0o040755, 0o120777
    write(ZIPS, "function.zip", zip_bytes([
        ("index.mjs", handler, f, True), ("lib/", "", d, False),
        ("lib/a.mjs", "export const a = 1;\n" * 20, f, True),
        ("node_modules", "/opt/nodejs/node_modules", l, False)]))
    write(ZIPS, "layer.zip", zip_bytes([
        ("nodejs/", "", d, False), ("nodejs/node_modules/", "", d, False),
        ("nodejs/node_modules/uuid/package.json", '{"name":"uuid","main":"index.js"}', f, True),
        ("nodejs/node_modules/uuid/index.js", "module.exports = 1;\n", f, False)]))
    write(ZIPS, "stored.zip", zip_bytes([("a.js", "x" * 100, f, False)]))
    write(ZIPS, "msdos.zip", zip_bytes([
        ("index.mjs", handler, None, True), ("dir\\file.js", "1", None, False)]))
    write(ZIPS, "links.zip", zip_bytes([
        ("a", "b", l, False), ("b", "a", l, False), ("c", "/etc", l, False),
        ("d/", "", d, False), ("d/e", "../../..", l, False), ("f", "", l, False)]))
    write(ZIPS, "names.zip", zip_bytes([
        ("/abs.js", "1", f, False), ("../up.js", "1", f, False), ("./", "", d, False),
        ("caf\u00e9.mjs", "1", f, True), ("a\nb", "1", f, False), ("x//y", "1", 0o100000, False)]))
    write(ZIPS, "zip64.zip", zip_bytes(
        [("index.mjs", handler, f, True), ("b.js", "2", f, False)], allowZip64=True))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        with z.open(zipfile.ZipInfo("big.js", date_time=(2024, 1, 1, 0, 0, 0)), "w",
                    force_zip64=True) as w:
            w.write(b"export default 1;\n")
        z.comment = b"a comment"
    write(ZIPS, "zip64-forced.zip", buf.getvalue())
    write(ZIPS, "empty.zip", zip_bytes([]))
    write(ZIPS, "modes.zip", zip_bytes([
        ("x.js", "1", 0o100000, False), ("y/", "", 0o040000, False), ("z.node", "\x7fELF", f, False)]))


def js_seeds():
    seen = set()
    for group in GROUPS:
        for root, _, files in os.walk(os.path.join(FIXTURES, group)):
            for name in sorted(files):
                if not name.endswith((".mjs", ".js", ".cjs")):
                    continue
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                digest = hashlib.sha1(data).hexdigest()[:12]
                if digest in seen or len(data) > 8192:
                    continue
                seen.add(digest)
                write("module_scan", digest + os.path.splitext(name)[1], data)
    write("module_scan", "forms.mjs", """
import def, { a as b, 'str' as c } from './a.mjs';
import * as ns from 'pkg';
import 'side-effect';
import json from './data.json' with { type: 'json' };
export * from './star.mjs';
export * as ns2 from './star2.mjs';
export { x as y, z } from './re.mjs';
export { z as default } from './re.mjs';
export default async function handler(event, context) { return import('./lazy.mjs'); }
export const h2 = async (e) => e, h3 = function (a, b = 1, ...c) {};
export class K {}
const m = await import(`./tpl.mjs`);
import.meta.resolve('./r.mjs');
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
req('cjs-dep');
function f() { return import(name); }
using res = open();
""")
    write("module_scan", "commonjs.cjs", """
'use strict';
const fs = require('fs');
exports.handler = async () => 1;
module.exports.other = function (a) {};
Object.defineProperty(exports, 'x', { value: 1 });
module.exports = { handler, ...rest, [k]: 1, m() {} };
if (typeof require === 'function') { __dirname; __filename; }
""")
    write("module_scan", "regex-template.js", "const r = /import('x')/g; const t = `${`import('y')`}`;\n"
                                                "label: for (;;) { break label; } <!-- html comment\n")
    write("module_scan", "hashbang.mjs", "#!/usr/bin/env node\nimport x from 'y';\n")


def resolver_seeds():
    i = 0
    for group in GROUPS:
        for root, _, files in os.walk(os.path.join(FIXTURES, group)):
            if "package.json" not in files:
                continue
            with open(os.path.join(root, "package.json"), "rb") as f:
                data = f.read()
            i += 1
            write("resolver", "fixture-%02d" % i, b"pkg\n" + data)
    maps = {
        "exports-conditions": ("pkg", {"name": "pkg", "type": "module", "exports": {
            ".": {"node": {"import": "./index.mjs", "require": "./index.cjs"},
                  "default": "./main.js"},
            "./lib/*": ["./lib/*.mjs", "./lib/*.js"], "./lib/private/*": None,
            "./package.json": "./package.json"}}),
        "exports-sugar": ("pkg/lib/a", {"name": "pkg", "exports": "./main.js"}),
        "exports-array": ("pkg", {"exports": [{"worker": "./x.js"}, "./index.js"]}),
        "exports-invalid-target": ("pkg/x", {"exports": {"./x": "../outside.js", "./y": "/abs.js"}}),
        "imports": ("#internal", {"name": "self", "imports": {
            "#internal": {"import": "./dist/esm/index.js", "default": "./dist/cjs/index.js"},
            "#dep": "pkg", "#star/*": "./lib/*.js"}}),
        "self-reference": ("self/lib/a", {"name": "self", "exports": {"./lib/*": "./lib/*.js"}}),
        "main-folder": ("pkg", {"main": "./lib", "type": "commonjs"}),
        "module-sync": ("pkg", {"exports": {"module-sync": "./index.mjs", "require": "./index.cjs"}}),
        "json-import": ("pkg/data.json", {"exports": {"./data.json": "./data.json"}}),
        "node-builtin": ("node:fs", {"name": "x"}),
        "url-scheme": ("data:text/javascript,export default 1", {}),
        "percent": ("pkg/%2e%2e/x", {"exports": {"./*": "./*"}}),
        "not-object": ("pkg", ["exports", 1, None]),
        "name-not-string": ("pkg", {"name": 5, "type": ["module"], "main": {}}),
    }
    for name, (spec, doc) in maps.items():
        write("resolver", name, spec + "\n" + json.dumps(doc))
    write("resolver", "broken-json", "pkg\n{\"name\": \"pkg\", \"exports\": {\".\": ")
    write("resolver", "bom", "pkg\n\ufeff{\"main\":\"main.js\"}")


if __name__ == "__main__":
    for corpus in ZIPS + ("module_scan", "resolver"):
        os.makedirs(os.path.join(HERE, "corpus", corpus), exist_ok=True)
    zip_seeds()
    js_seeds()
    resolver_seeds()
