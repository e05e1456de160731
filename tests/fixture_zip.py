#!/usr/bin/env python3
"""Builds the zips of one fixture: tests/fixture_zip.py FIXTURE_DIR OUT_DIR

A fixture (tests/fixtures/README.md) is a directory with `function/`,
`layer1/`, `layer2/` ... trees and a `fixture.json` manifest for what a tree
cannot show: vendored npm packages copied in, symlink entries, odd entries,
file modes.  This writes OUT_DIR/function.zip and OUT_DIR/layerN.zip and
prints one JSON line {"function": PATH, "layers": [PATH, ...]}.

The bytes are reproducible: entries sorted by name, a directory entry for
every folder, a fixed timestamp (1980-01-01 00:00), Unix "made by" host,
mode 0644 for files and 0755 for folders unless the manifest says otherwise.
Other scripts import this module (build_fixture, load_manifest).

Extra entries (fixture.json "extra") may also be binary files ("hex",
"bytes_b64"), large files of zero bytes ("zeros": N, streamed, never held in
memory), a second entry of a name already given (a duplicate), and names
written exactly as given ("lib\\util.mjs", "/etc/x", "../evil.js": no folder
entries are made above an absolute name or one with a ".." segment).
"""
import base64
import binascii
import json
import os
import stat
import sys
import warnings
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
HOST_UNIX = 3
HOST_MSDOS = 0
FILE_MODE = 0o644
DIR_MODE = 0o755
LINK_MODE = 0o777
ZEROS_CHUNK = 1 << 20


class FixtureError(Exception):
    """A fixture that cannot be built as written."""


def load_manifest(fixture_dir):
    path = os.path.join(fixture_dir, "fixture.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise FixtureError(f"{path}: {e}")


def dump_manifest(manifest):
    """fixture.json text: 2-space indent, keys in the order given; an object
    of scalars (one expected finding, one verdict) always on one line, any
    other object or list on one line when it fits in 100 columns."""
    def fmt(value, indent):
        flat = json.dumps(value, ensure_ascii=False)
        if not isinstance(value, (dict, list)) or len(flat) + indent <= 100 or not value:
            return flat
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict) and not any(isinstance(c, (dict, list)) for c in children):
            return flat  # a leaf object (one finding, one verdict): one line at any length
        pad = " " * (indent + 2)
        if isinstance(value, dict):
            items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {fmt(v, indent + 2)}"
                     for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
        items = [pad + fmt(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    return fmt(manifest, 0) + "\n"


def find_fixtures(paths):
    """Every folder with a fixture.json at or below the given paths, sorted."""
    found = []
    for p in paths:
        if os.path.isfile(os.path.join(p, "fixture.json")):
            found.append(os.path.normpath(p))
            continue
        if not os.path.isdir(p):
            raise FixtureError(f"{p}: not a fixture or folder")
        for dirpath, dirnames, filenames in os.walk(p):
            # the vendored packages and the fixtures' own trees hold no fixtures
            dirnames[:] = sorted(d for d in dirnames if d != "packages")
            if "fixture.json" in filenames:
                found.append(os.path.normpath(dirpath))
                dirnames[:] = []
    return sorted(set(found))


def find_packages_dir(fixture_dir):
    """The vendored packages folder: the nearest `packages/` holding fetch.sh
    in the fixture's ancestors (tests/fixtures/packages)."""
    d = os.path.abspath(fixture_dir)
    while True:
        cand = os.path.join(d, "packages")
        if os.path.isfile(os.path.join(cand, "fetch.sh")):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


class Entry:
    """One zip entry: kind is 'dir', 'file' or 'link'.  A file of `zeros`
    bytes (not None) is generated while writing instead of holding `data`."""

    def __init__(self, kind, data=b"", mode=None, host=HOST_UNIX, zeros=None):
        self.kind = kind
        self.data = data
        self.mode = mode
        self.host = host
        self.zeros = zeros


def _is_unsafe_name(name):
    """Absolute, or with a ".." segment: written as given, without parents."""
    return name.startswith("/") or ".." in name.split("/")


class ArchiveBuilder:
    def __init__(self, label):
        self.label = label
        self.entries = {}
        self.duplicates = {}  # name -> further entries of that name (extras), in order

    def _add(self, name, entry):
        if name in self.entries:
            raise FixtureError(f"{self.label}: entry {name!r} given twice")
        self._add_parents(name)
        self.entries[name] = entry

    def _add_parents(self, name):
        # every folder above an entry gets its own directory entry
        if _is_unsafe_name(name):
            return
        parts = name.rstrip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i]) + "/"
            existing = self.entries.get(d)
            if existing is None:
                self.entries[d] = Entry("dir")
            elif existing.kind != "dir":
                raise FixtureError(f"{self.label}: {d!r} is both a folder and not")

    def add_tree(self, root, prefix=""):
        """Adds every folder and file under root, named prefix + relative path."""
        if not os.path.isdir(root):
            raise FixtureError(f"{self.label}: no such tree {root}")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel = os.path.relpath(dirpath, root)
            rel = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            if prefix + rel:
                name = prefix + rel
                if name not in self.entries:
                    self._add(name, Entry("dir"))
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                if os.path.islink(full):
                    raise FixtureError(f"{full}: symlinks belong in fixture.json \"extra\"")
                with open(full, "rb") as f:
                    self._add(prefix + rel + fn, Entry("file", f.read()))

    def add_package(self, packages_dir, spec, at):
        """Copies vendored package NAME@VERSION to at/NAME/."""
        if packages_dir is None:
            raise FixtureError(f"{self.label}: no tests/fixtures/packages folder found")
        name, sep, version = spec.rpartition("@")
        if not sep or not name or not version:
            raise FixtureError(f"{self.label}: package {spec!r} is not NAME@VERSION")
        src = os.path.join(packages_dir, *spec.split("/"))
        if not os.path.isdir(src):
            raise FixtureError(f"{self.label}: package {spec} is not vendored "
                               f"(run tests/fixtures/packages/fetch.sh {spec})")
        at = at.strip("/")
        self.add_tree(src, (at + "/" if at else "") + name + "/")

    def add_extra(self, item):
        name = item.get("name")
        if not name:
            raise FixtureError(f"{self.label}: extra entry without a name: {item}")
        host = {"unix": HOST_UNIX, "msdos": HOST_MSDOS}.get(item.get("host", "unix"))
        if host is None:
            raise FixtureError(f"{self.label}: unknown host {item.get('host')!r}")
        mode = int(item["mode"], 8) if "mode" in item else None
        if "symlink" in item:
            entry = Entry("link", item["symlink"].encode("utf-8"), mode, host)
        elif "file" in item:
            entry = Entry("file", item["file"].encode("utf-8"), mode, host)
        elif "hex" in item:
            try:
                entry = Entry("file", bytes.fromhex(item["hex"]), mode, host)
            except ValueError as e:
                raise FixtureError(f"{self.label}: extra entry {name!r}: bad hex: {e}")
        elif "bytes_b64" in item:
            try:
                entry = Entry("file", base64.b64decode(item["bytes_b64"], validate=True), mode, host)
            except binascii.Error as e:
                raise FixtureError(f"{self.label}: extra entry {name!r}: bad base64: {e}")
        elif "zeros" in item:
            size = item["zeros"]
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise FixtureError(f"{self.label}: extra entry {name!r}: zeros must be a byte count")
            entry = Entry("file", b"", mode, host, zeros=size)
        elif item.get("dir"):
            name = name if name.endswith("/") else name + "/"
            entry = Entry("dir", b"", mode, host)
        else:
            raise FixtureError(f"{self.label}: extra entry {name!r} needs symlink, file, hex, "
                               "bytes_b64, zeros or dir")
        if name in self.entries:
            # a deliberate duplicate: the zip holds both, the earlier one first
            self.duplicates.setdefault(name, []).append(entry)
        else:
            self._add(name, entry)

    def apply_modes(self, modes):
        for name, text in (modes or {}).items():
            entry = self.entries.get(name)
            if entry is None:
                raise FixtureError(f"{self.label}: mode for missing entry {name!r}")
            entry.mode = int(text, 8)

    def write(self, path):
        with zipfile.ZipFile(path, "w") as zf, warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Duplicate name", category=UserWarning)
            for name in sorted(self.entries):
                for e in [self.entries[name]] + self.duplicates.get(name, []):
                    self._write_entry(zf, name, e)

    @staticmethod
    def _write_entry(zf, name, e):
        zi = zipfile.ZipInfo(name, date_time=EPOCH)
        # on POSIX ZipInfo keeps '\\', a leading '/' and '..' (it only cuts at
        # a NUL and rewrites os.sep); refuse anything it would have changed
        if zi.filename != name:
            raise FixtureError(f"entry name {name!r} cannot be written as given")
        zi.create_system = e.host
        if e.kind == "dir":
            zi.external_attr = ((stat.S_IFDIR | (e.mode if e.mode is not None else DIR_MODE)) << 16) | 0x10
            zi.compress_type = zipfile.ZIP_STORED
        elif e.kind == "link":
            zi.external_attr = (stat.S_IFLNK | (e.mode if e.mode is not None else LINK_MODE)) << 16
            zi.compress_type = zipfile.ZIP_STORED
        else:
            zi.external_attr = (stat.S_IFREG | (e.mode if e.mode is not None else FILE_MODE)) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
        if e.zeros is None:
            zf.writestr(zi, e.data)
            return
        # as writestr does, but streamed: the size is known up front
        zi.file_size = e.zeros
        chunk = bytes(min(ZEROS_CHUNK, e.zeros))
        with zf.open(zi, "w") as dest:
            left = e.zeros
            while left:
                n = min(left, len(chunk))
                dest.write(chunk if n == len(chunk) else chunk[:n])
                left -= n


def _build_one(label, fixture_dir, tree, spec, packages_dir, out_path):
    b = ArchiveBuilder(label)
    if tree and os.path.isdir(os.path.join(fixture_dir, tree)):
        b.add_tree(os.path.join(fixture_dir, tree))
    for p in spec.get("packages", []):
        b.add_package(packages_dir, p["package"], p.get("at", "node_modules"))
    for item in spec.get("extra", []):
        b.add_extra(item)
    b.apply_modes(spec.get("modes"))
    b.write(out_path)
    return out_path


def layer_specs(fixture_dir, manifest):
    """The layers in attach order: the manifest's "layers" list, or else the
    layer1/, layer2/ ... folders that exist."""
    if "layers" in manifest:
        return [dict(l, tree=l.get("tree", f"layer{i + 1}")) for i, l in enumerate(manifest["layers"])]
    specs = []
    i = 1
    while os.path.isdir(os.path.join(fixture_dir, f"layer{i}")):
        specs.append({"tree": f"layer{i}"})
        i += 1
    return specs


def build_fixture(fixture_dir, out_dir, manifest=None):
    """Writes out_dir/function.zip and out_dir/layerN.zip; returns
    {"function": path, "layers": [paths]}."""
    if manifest is None:
        manifest = load_manifest(fixture_dir)
    packages_dir = find_packages_dir(fixture_dir)
    os.makedirs(out_dir, exist_ok=True)
    label = os.path.basename(os.path.normpath(fixture_dir))
    fn = _build_one(f"{label}/function", fixture_dir, "function", manifest.get("function", {}),
                    packages_dir, os.path.join(out_dir, "function.zip"))
    layers = []
    for i, spec in enumerate(layer_specs(fixture_dir, manifest)):
        layers.append(_build_one(f"{label}/{spec['tree']}", fixture_dir, spec["tree"], spec,
                                 packages_dir, os.path.join(out_dir, f"layer{i + 1}.zip")))
    return {"function": fn, "layers": layers}


def main(argv):
    if len(argv) != 3 or argv[1].startswith("-"):
        print("usage: fixture_zip.py FIXTURE_DIR OUT_DIR", file=sys.stderr)
        return 2
    try:
        paths = build_fixture(argv[1], argv[2])
    except FixtureError as e:
        print(f"fixture_zip.py: {e}", file=sys.stderr)
        return 1
    print(json.dumps(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
