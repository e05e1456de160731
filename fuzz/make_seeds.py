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
  glob         "GLOB\\nPATH" pairs: ignore globs of the docs, stars that
               make a backtracking matcher slow
  config       project files: the docs' example and one per kind of refusal
  function_config
               the get-function responses of tests/fetch_functions and
               configurations written here (layers, NODE_PATH, refusals)
  package_json the fixtures' package.json files and a few odd ones
  suppress     the suppression fixture's files and every comment form
  export_names byte strings the generator reads as small module graphs
  render       byte strings the fuzzer reads as a source and findings
Run from anywhere, with the names of the corpora to write (default: all);
rewrites only seed-* files.
"""
import hashlib
import io
import json
import os
import stat
import sys
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


def glob_seeds():
    pairs = [
        ("node_modules/", "node_modules/aws-sdk/index.js"),
        ("**/*.js", "a/b/c.js"), ("**/*.js", "c.js"), ("**/x/**", "x"),
        ("*.mjs", "lib/a.mjs"), ("lib/*.mjs", "lib/a.mjs"), ("lib/?.mjs", "lib/a.mjs"),
        ("a/**b", "a/x/yb"), ("***", "a/b"), ("**/**/", "a/b/"), ("?", "/"),
        ("dist/**/*.map", "dist/esm/index.js.map"), ("*", ""), ("", ""),
        ("a*b*c*d*e*f*g*h*i*j*k", "a" * 60 + "k"), ("**a**a**a**a**b", "a/" * 60),
    ]
    for i, (glob, path) in enumerate(pairs):
        write("glob", "%02d" % i, glob + "\n" + path)


def config_seeds():
    docs = {
        "docs-example": {
            "runtime": "nodejs20.x", "resolution": "managed", "architecture": "arm64",
            "handler": "src/app.handler",
            "rules": {"import-unanalyzable": "off", "node-modules-bundled": "error",
                      "suppression-unused": "warning"},
            "ignore": [{"path": "scripts/**", "rules": ["import-unresolved"]},
                       {"path": "vendor/"}]},
        "unknown-rule": {"rules": {"import-unresolve": "off"}},
        "bad-setting": {"rules": {"import-unresolved": ["off"]}},
        "unknown-key": {"ignores": []},
        "bad-runtime": {"runtime": "nodejs99.x"},
        "ignore-not-list": {"ignore": {"path": "x"}},
        "ignore-empty-glob": {"ignore": [{"path": ""}]},
        "long-value": {"runtime": "n" * 600, "rules": {"\u001b[31m" + "x" * 300: "off"}},
    }
    for name, doc in docs.items():
        write("config", name, json.dumps(doc))
    write("config", "not-json", "{\"rules\": {\"a\": \"off\",}")
    write("config", "deep", "[" * 70 + "]" * 70)
    write("config", "control-bytes", b'{"runtime": "\x1b]0;title\x07\xff\xfe"}')


def function_config_seeds():
    folder = os.path.join(HERE, "..", "tests", "fetch_functions", "responses", "get-function")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            write("function_config", os.path.splitext(name)[0], f.read())
    arn = "arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:3"
    configs = {
        "bare-configuration": {"FunctionName": "f", "Runtime": "nodejs22.x",
                               "Handler": "index.handler", "Architectures": ["arm64"],
                               "Layers": [{"Arn": arn}, {"Arn": "arn:aws:lambda:::layer:x:1"}],
                               "Environment": {"Variables": {"NODE_PATH": "/opt/a:/opt/b",
                                                             "NODE_OPTIONS": "--no-experimental-require-module"}}},
        "image": {"Configuration": {"FunctionName": "img", "PackageType": "Image"}},
        "bad-arch": {"Configuration": {"Architectures": ["sparc" * 100]}},
        "bad-layers": {"Configuration": {"Layers": [{"Arn": 5}]}},
        "node-path-number": {"Configuration": {"Environment": {"Variables": {"NODE_PATH": 1}}}},
    }
    for name, doc in configs.items():
        write("function_config", name, json.dumps(doc))
    write("function_config", "arn-traversal", "arn:aws:lambda:../..:1:layer:x:1\n{}")


def package_json_seeds():
    i = 0
    for group in GROUPS:
        for root, _, files in os.walk(os.path.join(FIXTURES, group)):
            if "package.json" not in files:
                continue
            with open(os.path.join(root, "package.json"), "rb") as f:
                data = f.read()
            i += 1
            write("package_json", "fixture-%02d" % i, data)
    docs = {
        "all-fields": {"name": "p", "version": "1.0.0", "type": "module", "main": "./m.js",
                       "exports": {".": {"import": "./a.mjs", "require": "./a.cjs"}},
                       "imports": {"#x": "./x.js"}, "dependencies": {"a": "1"},
                       "optionalDependencies": {"a": "1", "b": "2"}, "peerDependencies": {"c": "3"}},
        "strict-name": {"name": 1, "type": "module"},
        "strict-type": {"type": ["module"]},
        "exports-null": {"exports": None, "imports": "x"},
        "duplicate-keys": None,
    }
    for name, doc in docs.items():
        if doc is not None:
            write("package_json", name, json.dumps(doc))
    write("package_json", "duplicate-keys", '{"name": "a", "name": "b", "type": "module", "type": 1}')
    write("package_json", "array", "[1, 2]")
    write("package_json", "bom", "\ufeff{\"name\": \"x\"}")
    write("package_json", "deep-exports", '{"exports": ' + "[" * 1100 + "]" * 1100 + "}")
    write("package_json", "not-utf8", b'{"name": "caf\xe9", "main": "\\x41"}')


def suppress_seeds():
    folder = os.path.join(FIXTURES, "corpus", "suppression-comments", "function")
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith((".mjs", ".js", ".cjs")):
                with open(os.path.join(root, name), "rb") as f:
                    write("suppress", "fixture-" + name, f.read())
    write("suppress", "forms.mjs", """
// lambda-esm-lint-disable-next-line import-unresolved -- loaded lazily
import x from 'x';
/* lambda-esm-lint-disable import-unanalyzable, import-directory -- why */
/**
 * lambda-esm-lint-disable-next-line import-unresolved,import-directory
 */
const s = '// lambda-esm-lint-disable x';
const t = `${a /* lambda-esm-lint-disable y */}`;
const r = /\/\/ lambda-esm-lint-disable z/g;
const d = a / b; // lambda-esm-lint-disable-next-line
// lambda-esm-lint-disabled x
// lambda-esm-lint-disable --
/* lambda-esm-lint-disable a\r\n b */
""")
    write("suppress", "hashbang.mjs", "#!/usr/bin/env node // lambda-esm-lint-disable x\n"
                                      "// lambda-esm-lint-disable y\n")
    write("suppress", "unterminated.mjs", "const s = 'abc\n/* lambda-esm-lint-disable x")


def export_names_seeds():
    # Bytes for the generator: acyclic flag, module count, kinds, then per
    # module the statement count and (op, name, target[, imported]) bytes.
    graphs = {
        "star-diamond": [0, 3, 2, 1, 2, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0],
        "cycle": [1, 2, 1, 2, 1, 0, 1, 0, 0, 0, 2, 1, 0, 0, 2, 1, 1],
        "cjs-reexport": [0, 3, 0, 0, 3, 1, 0, 0, 0, 1, 1, 2, 0, 0, 1, 1, 1, 1, 2],
        "namespace": [0, 2, 1, 2, 4, 2, 0, 3, 0, 0, 0, 1, 0, 3],
        "indirect": [0, 3, 1, 1, 3, 2, 0, 0, 0, 3, 1, 0, 1, 1, 0, 1, 0, 2],
    }
    for name, data in graphs.items():
        write("export_names", name, bytes(data))


def render_seeds():
    def s(text):
        data = text.encode() if isinstance(text, str) else text
        return bytes([len(data)]) + data
    head = (s("import x from 'uuid';\n\x1b[31mconst y = 1;\x00\r\n") + s("") +
            s("index.handler") + b"\x00" + s("function.zip") + s("layer.zip") + s("") + s("src/"))
    one = bytes([0, 0, 8 | 16 | 32]) + bytes([7, 0, 6]) + s("Cannot find package 'uu\nid\x1b[2J\x00'") + \
        s("uu\nid\x1b\x00") + s("note \x07")
    fixed = bytes([3, 1, 1 | 2 | 128]) + s("a\xffb\\x41.mjs") + s("m") + s("fix %0A ,:") + b"\x01" + \
        b"\x00" + s("node_modules") + s("/opt/nodejs/node_modules") + s("symlink")
    write("render", "one-finding", head + one)
    write("render", "fix-and-layer", head + one + fixed)
    write("render", "empty", b"")


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


SEEDS = {"zip_archive": zip_seeds, "module_scan": js_seeds, "resolver": resolver_seeds,
         "glob": glob_seeds, "config": config_seeds, "function_config": function_config_seeds,
         "package_json": package_json_seeds, "suppress": suppress_seeds,
         "export_names": export_names_seeds, "render": render_seeds}


if __name__ == "__main__":
    # Arguments: the corpora to write (default all); zip_archive also
    # writes zip_writer's.
    for corpus in sys.argv[1:] or list(SEEDS):
        for name in ZIPS if corpus in ZIPS else (corpus,):
            os.makedirs(os.path.join(HERE, "corpus", name), exist_ok=True)
        SEEDS["zip_archive" if corpus in ZIPS else corpus]()
