// Writes the hostile-archive corpus: every case of cases.json as a zip in the
// output folder, made from its recipe here (libzip's write API through
// zip_builder, then header bytes patched; a few hand-written byte layouts).
// run_corpus.py then checks each one with `lambda-esm-lint check` under a
// memory and time limit against the expectation in cases.json.
//
//   hostile_corpus OUT_DIR            write every case
//   hostile_corpus OUT_DIR NAME...    write only these
//   hostile_corpus --list             print the case names
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "hostile/zip_builder.h"

namespace lel::testzip {
namespace {

const char kHandler[] = "export const handler = async () => ({ statusCode: 200 });\n";

// The well-formed function every case starts from.
std::vector<TestEntry> GoodFunction() { return {File("index.mjs", kHandler)}; }

// Writes `entries` to `path` and returns the bytes, for patching.
std::string Build(const std::string& path, const std::vector<TestEntry>& entries) {
  WriteZip(path, entries);
  return ReadBytes(path);
}

// A file of `size` zero bytes on disk without writing them (sparse), as a
// zip source for bombs.
std::string SparseZeros(const std::string& path, uint64_t size) {
  WriteBytes(path, "");
  std::filesystem::resize_file(path, size);
  return path;
}

// A stored zip64 archive written byte by byte: every size and offset in the
// 32-bit fields is 0xFFFFFFFF and the real values sit in zip64 extra fields,
// with a zip64 end record and locator (APPNOTE 4.3.14-15, 4.5.3). libzip
// writes zip64 only past 4 GiB, so this is the small way to get one.
std::string Zip64(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  auto u16 = [](std::string* s, uint16_t v) {
    s->push_back(static_cast<char>(v & 0xff));
    s->push_back(static_cast<char>(v >> 8));
  };
  auto u32 = [&](std::string* s, uint32_t v) {
    u16(s, static_cast<uint16_t>(v & 0xffff));
    u16(s, static_cast<uint16_t>(v >> 16));
  };
  auto u64 = [&](std::string* s, uint64_t v) {
    u32(s, static_cast<uint32_t>(v & 0xffffffffu));
    u32(s, static_cast<uint32_t>(v >> 32));
  };
  for (const auto& [name, data] : files) {
    uint64_t local_offset = out.size();
    uint32_t crc = Crc32(data);
    out += std::string("PK\3\4", 4);
    u16(&out, 45);  // version needed: zip64
    u16(&out, 0);   // flags
    u16(&out, 0);   // stored
    u16(&out, 0);
    u16(&out, 0x21);  // time, date
    u32(&out, crc);
    u32(&out, 0xffffffffu);
    u32(&out, 0xffffffffu);
    u16(&out, static_cast<uint16_t>(name.size()));
    u16(&out, 20);
    out += name;
    u16(&out, 1);  // zip64 extra: uncompressed, compressed size
    u16(&out, 16);
    u64(&out, data.size());
    u64(&out, data.size());
    out += data;

    central += std::string("PK\1\2", 4);
    u16(&central, (3 << 8) | 45);  // made by Unix
    u16(&central, 45);
    u16(&central, 0);
    u16(&central, 0);
    u16(&central, 0);
    u16(&central, 0x21);
    u32(&central, crc);
    u32(&central, 0xffffffffu);
    u32(&central, 0xffffffffu);
    u16(&central, static_cast<uint16_t>(name.size()));
    u16(&central, 28);
    u16(&central, 0);  // comment
    u16(&central, 0);  // disk
    u16(&central, 0);  // internal attributes
    u32(&central, 0100644u << 16);
    u32(&central, 0xffffffffu);  // local header offset
    central += name;
    u16(&central, 1);
    u16(&central, 24);
    u64(&central, data.size());
    u64(&central, data.size());
    u64(&central, local_offset);
  }
  uint64_t central_offset = out.size();
  out += central;
  uint64_t zip64_end = out.size();
  out += std::string("PK\6\6", 4);
  u64(&out, 44);
  u16(&out, 45);
  u16(&out, 45);
  u32(&out, 0);
  u32(&out, 0);
  u64(&out, files.size());
  u64(&out, files.size());
  u64(&out, central.size());
  u64(&out, central_offset);
  out += std::string("PK\6\7", 4);
  u32(&out, 0);
  u64(&out, zip64_end);
  u32(&out, 1);
  out += std::string("PK\5\6", 4);
  u16(&out, 0);
  u16(&out, 0);
  u16(&out, 0xffff);
  u16(&out, 0xffff);
  u32(&out, 0xffffffffu);
  u32(&out, 0xffffffffu);
  u16(&out, 0);
  return out;
}

// "l<i>": a link name of the chains. (Spelled with append: GCC 12's
// -Wrestrict misfires on "l" + std::to_string(i) here.)
std::string ChainName(int i) { return std::string("l").append(std::to_string(i)); }

// Sets the PKWARE "encrypted" flag bit on one entry's two headers.
void SetEncryptedFlag(std::string* bytes, const std::string& name) {
  size_t local = LocalHeaderOffset(*bytes, name) + kLocalFlags;
  size_t central = CentralHeaderOffset(*bytes, name) + kCentralFlags;
  Put16(bytes, local, Get16(*bytes, local) | 1);
  Put16(bytes, central, Get16(*bytes, central) | 1);
}

// Renames an entry in both headers to a name of the same length.
void PatchName(std::string* bytes, const std::string& from, const std::string& to) {
  size_t local = LocalHeaderOffset(*bytes, from) + kLocalName;
  size_t central = CentralHeaderOffset(*bytes, from) + kCentralName;
  bytes->replace(local, to.size(), to);
  bytes->replace(central, to.size(), to);
}

// JavaScript nested `depth` levels deep: ((((...)))).
std::string DeepParens(size_t depth) {
  return "export const handler = async () => " + std::string(depth, '(') + "1" +
         std::string(depth, ')') + ";\n";
}

using Recipe = std::function<void(const std::string& path, const std::string& scratch)>;

// Each recipe writes one zip to `path`; the case names are the keys of
// cases.json (which holds what each is and what the linter must do).
std::map<std::string, Recipe> Recipes() {
  std::map<std::string, Recipe> r;

  // --- not a zip, empty, truncated ------------------------------------------
  r["not-a-zip"] = [](const std::string& p, const std::string&) {
    WriteBytes(p, "export const handler = async () => 1;\n");
  };
  r["empty-file"] = [](const std::string& p, const std::string&) { WriteBytes(p, ""); };
  r["end-record-only"] = [](const std::string& p, const std::string&) {
    WriteBytes(p, std::string("PK\5\6", 4) + std::string(18, '\0'));
  };
  r["pk-magic-only"] = [](const std::string& p, const std::string&) {
    WriteBytes(p, std::string("PK\3\4", 4));
  };
  auto truncated = [](int where) {
    return [where](const std::string& p, const std::string&) {
      std::string b = Build(p, {File("index.mjs", kHandler + std::string(4000, '\n')),
                                File("lib/b.mjs", "export {};\n")});
      size_t central = CentralHeaderOffset(b, "index.mjs");
      size_t cut = where == 0   ? 10
                   : where == 1 ? DataOffset(b, "index.mjs") + 3
                   : where == 2 ? central + 30
                                : b.size() - 7;
      WriteBytes(p, b.substr(0, cut));
    };
  };
  r["truncated-local-header"] = truncated(0);
  r["truncated-data"] = truncated(1);
  r["truncated-central-directory"] = truncated(2);
  r["truncated-end-record"] = truncated(3);
  r["head-cut-off"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    WriteBytes(p, b.substr(16));
  };
  r["entry-count-lies"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put16(&b, b.size() - 22 + 8, 60000);
    Put16(&b, b.size() - 22 + 10, 60000);
    WriteBytes(p, b);
  };
  r["data-offset-past-end"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + 42, 0x7ffffff0);
    WriteBytes(p, b);
  };
  r["multi-disk"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put16(&b, b.size() - 22 + 4, 1);
    WriteBytes(p, b);
  };

  // --- damaged data ------------------------------------------------------------
  r["bad-crc-stored"] = [](const std::string& p, const std::string&) {
    TestEntry e = File("index.mjs", kHandler);
    e.deflate = false;
    std::string b = Build(p, {e});
    b[DataOffset(b, "index.mjs") + 7] ^= 0x20;
    WriteBytes(p, b);
  };
  r["bad-crc-central"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + kCentralCrc, 0xdeadbeef);
    WriteBytes(p, b);
  };
  r["corrupt-deflate"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler + std::string(3000, ' ') + "//x\n")});
    b[DataOffset(b, "index.mjs") + 4] ^= 0x55;
    WriteBytes(p, b);
  };
  r["declared-size-smaller"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler + std::string(100000, ' '))});
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + kCentralSize, 1000);
    WriteBytes(p, b);
  };
  r["declared-size-larger"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler + std::string(100000, ' '))});
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + kCentralSize, 50u << 20);
    WriteBytes(p, b);
  };
  r["compressed-size-too-small"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler + std::string(100000, ' '))});
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + kCentralCompressedSize, 10);
    WriteBytes(p, b);
  };
  r["unknown-compression-method"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put16(&b, LocalHeaderOffset(b, "index.mjs") + 8, 18);
    Put16(&b, CentralHeaderOffset(b, "index.mjs") + 10, 18);
    WriteBytes(p, b);
  };
  r["local-header-lies"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, GoodFunction());
    Put32(&b, LocalHeaderOffset(b, "index.mjs") + kLocalSize, 3);
    WriteBytes(p, b);
  };

  // --- sizes: bombs, the cap, huge files, many entries ----------------------
  r["ratio-bomb"] = [](const std::string& p, const std::string& scratch) {
    // 1 GiB of zeros as the handler's file: about 1 MB compressed.
    TestEntry e = File("index.mjs", "");
    e.source_file = SparseZeros(scratch + "/zeros", 1ull << 30);
    WriteZip(p, {e});
  };
  r["ratio-bomb-size-lies"] = [](const std::string& p, const std::string& scratch) {
    TestEntry e = File("index.mjs", "");
    e.source_file = SparseZeros(scratch + "/zeros", 200ull << 20);
    std::string b = Build(p, {e});
    Put32(&b, CentralHeaderOffset(b, "index.mjs") + kCentralSize, 4096);
    WriteBytes(p, b);
  };
  r["entry-over-cap"] = [](const std::string& p, const std::string&) {
    // A real (if repetitive) 70 MB JavaScript file: over the 64 MiB read cap.
    std::string big = kHandler;
    const std::string line = "export const a = 1; // padding padding padding padding\n";
    big.reserve(70u << 20);
    while (big.size() < (70u << 20)) big += "// " + line;
    WriteZip(p, {File("index.mjs", big)});
  };
  r["huge-single-line"] = [](const std::string& p, const std::string&) {
    // 8 MB of minified code on one line, the handler at its end.
    std::string code = "var a0=0;";
    code.reserve(8u << 20);
    for (int i = 1; code.size() < (8u << 20); ++i) {
      code += "function f" + std::to_string(i) + "(x){return x+" + std::to_string(i) +
              "}a0=f" + std::to_string(i) + "(a0);";
    }
    code += "export const handler=async()=>a0;";
    WriteZip(p, {File("index.mjs", code)});
  };
  r["deep-nesting"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", DeepParens(100000))});
  };
  r["binary-handler"] = [](const std::string& p, const std::string&) {
    std::string junk;
    uint32_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
      x = x * 1103515245u + 12345u;
      junk.push_back(static_cast<char>(x >> 24));
    }
    WriteZip(p, {File("index.mjs", junk)});
  };
  r["many-entries"] = [](const std::string& p, const std::string&) {
    std::vector<TestEntry> entries = GoodFunction();
    for (int i = 0; i < 100000; ++i) {
      TestEntry e = File("data/d" + std::to_string(i / 1000) + "/f" + std::to_string(i) + ".js",
                         "");
      e.deflate = false;
      entries.push_back(e);
    }
    WriteZip(p, entries);
  };
  r["many-imports"] = [](const std::string& p, const std::string&) {
    // 20,000 imports of missing files: one finding each, bounded output.
    std::string code;
    for (int i = 0; i < 20000; ++i) code += "import './missing" + std::to_string(i) + ".mjs';\n";
    WriteZip(p, {File("index.mjs", code + kHandler)});
  };

  // --- entries and names -------------------------------------------------------
  r["overlapping-entries"] = [](const std::string& p, const std::string&) {
    // Two central entries with the same local header (and data).
    std::string b = Build(p, {File("index.mjs", kHandler), File("other.mjs", kHandler)});
    Put32(&b, CentralHeaderOffset(b, "other.mjs") + 42,
          static_cast<uint32_t>(LocalHeaderOffset(b, "index.mjs")));
    WriteBytes(p, b);
  };
  r["duplicate-names"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler),
                              File("indey.mjs", "export const handler = 42;\n")});
    PatchName(&b, "indey.mjs", "index.mjs");
    WriteBytes(p, b);
  };
  r["absolute-and-dotdot-names"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", kHandler), File("/etc/passwd", "root:x:0:0\n"),
                 File("../escape.mjs", "export {};\n"),
                 File("lib/../../../etc/shadow", "x\n")});
  };
  r["nul-in-name"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", kHandler), File("libXa.mjs", "export {};\n")});
    b[LocalHeaderOffset(b, "libXa.mjs") + kLocalName + 3] = '\0';
    b[CentralHeaderOffset(b, "libXa.mjs") + kCentralName + 3] = '\0';
    WriteBytes(p, b);
  };
  r["nul-in-name-trailing-byte"] = [](const std::string& p, const std::string&) {
    // As nul-in-name, plus one byte after the end record (unzip and libzip
    // accept it): the NUL must still be seen.
    std::string b = Build(p, {File("index.mjs", kHandler), File("libXa.mjs", "export {};\n")});
    b[LocalHeaderOffset(b, "libXa.mjs") + kLocalName + 3] = '\0';
    b[CentralHeaderOffset(b, "libXa.mjs") + kCentralName + 3] = '\0';
    WriteBytes(p, b + "X");
  };
  r["nul-in-handler-name"] = [](const std::string& p, const std::string&) {
    // "index.mjs\0../x": extraction would stop at the NUL, the linter must not.
    std::string b = Build(p, {File("index.mjsX../x", kHandler)});
    b[LocalHeaderOffset(b, "index.mjsX../x") + kLocalName + 9] = '\0';
    b[CentralHeaderOffset(b, "index.mjsX../x") + kCentralName + 9] = '\0';
    WriteBytes(p, b);
  };
  r["non-utf8-names"] = [](const std::string& p, const std::string&) {
    // libzip refuses such names when writing: written as ASCII, then patched.
    std::string b = Build(p, {File("index.mjs", "import './\xff\xfe.mjs';\n" + std::string(kHandler)),
                              File("FE.mjs", "export {};\n"), File("C(/EB.js", "x\n")});
    PatchName(&b, "FE.mjs", "\xff\xfe.mjs");
    PatchName(&b, "C(/EB.js", "\xc3\x28/\xe2\x82.js");
    WriteBytes(p, b);
  };
  r["control-bytes-in-names"] = [](const std::string& p, const std::string&) {
    std::string b = Build(p, {File("index.mjs", "import './a\\nb.mjs';\n" + std::string(kHandler)),
                              File("a\nb.mjs", "export {};\n"), File("E[31mredE[0m.mjs", "x\n")});
    PatchName(&b, "E[31mredE[0m.mjs", "\x1b[31mred\x1b[0m.mjs");
    WriteBytes(p, b);
  };
  r["long-name"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", kHandler), File(std::string(65000, 'n') + ".mjs", "x\n")});
  };
  r["encrypted-aes"] = [](const std::string& p, const std::string&) {
    TestEntry e = File("index.mjs", kHandler);
    e.encrypt = CanEncrypt();
    std::string b = Build(p, {e});
    if (!e.encrypt) SetEncryptedFlag(&b, "index.mjs");  // this libzip cannot: the flag
    WriteBytes(p, b);
  };
  r["encrypted-pkware-flag"] = [](const std::string& p, const std::string&) {
    TestEntry e = File("index.mjs", kHandler);
    e.deflate = false;
    std::string b = Build(p, {e});
    SetEncryptedFlag(&b, "index.mjs");
    WriteBytes(p, b);
  };
  r["zip64"] = [](const std::string& p, const std::string&) {
    WriteBytes(p, Zip64({{"index.mjs", kHandler}, {"lib/a.mjs", "export const a = 1;\n"}}));
  };
  r["file-and-folder-same-name"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", kHandler), File("lib", "x"), File("lib/a.mjs", "x\n"),
                 Dir("index.mjs/")});
  };

  // --- links ------------------------------------------------------------------
  r["symlink-loop"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", "import 'uuid';\nimport './a.mjs';\n" + std::string(kHandler)),
                 Link("a.mjs", "b.mjs"), Link("b.mjs", "a.mjs"),
                 Link("node_modules", "node_modules")});
  };
  r["symlink-chain"] = [](const std::string& p, const std::string&) {
    // index.mjs -> l1 -> l2 -> ... -> l60 -> real.mjs: past Linux's 40 hops.
    std::vector<TestEntry> entries = {Link("index.mjs", "l1"), File("real.mjs", kHandler)};
    for (int i = 1; i < 60; ++i) {
      entries.push_back(Link(ChainName(i), ChainName(i + 1)));
    }
    entries.push_back(Link("l60", "real.mjs"));
    WriteZip(p, entries);
  };
  r["symlink-chain-short"] = [](const std::string& p, const std::string&) {
    // 30 hops: still within Linux's limit, so the handler loads.
    std::vector<TestEntry> entries = {Link("index.mjs", "l1"), File("real.mjs", kHandler)};
    for (int i = 1; i < 30; ++i) {
      entries.push_back(Link(ChainName(i), ChainName(i + 1)));
    }
    entries.push_back(Link("l30", "real.mjs"));
    WriteZip(p, entries);
  };
  r["link-outside-opt"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", "import 'uuid';\n" + std::string(kHandler)),
                 Link("node_modules", "/opt/../etc/nodejs/node_modules")});
  };
  r["link-escapes-task"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {Link("index.mjs", "../../../../etc/passwd"),
                 Link("lib", "/proc/self/root")});
  };
  r["link-target-huge"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", "import 'x';\n" + std::string(kHandler)),
                 Link("node_modules", std::string(5000, 'a'))});
  };

  // --- package.json ------------------------------------------------------------
  r["package-json-deep"] = [](const std::string& p, const std::string&) {
    // A package.json nested 100,000 levels deep, read for the handler's scope.
    std::string deep = "{\"type\":\"module\",\"x\":" + std::string(100000, '[') +
                       std::string(100000, ']') + "}";
    WriteZip(p, {File("index.mjs", kHandler), File("package.json", deep)});
  };
  r["package-json-exports-hostile"] = [](const std::string& p, const std::string&) {
    // exports nested 5,000 condition levels and 50,000 subpath patterns.
    std::string nested;
    for (int i = 0; i < 5000; ++i) nested += "{\"import\":";
    nested += "\"./index.js\"" + std::string(5000, '}');
    std::string many = "{";
    for (int i = 0; i < 50000; ++i) {
      many += "\"./p" + std::to_string(i) + "/*\":\"./x/*.js\",";
    }
    many += "\".\":" + nested + "}";
    WriteZip(p, {File("index.mjs", "import 'pkg';\nimport 'pkg/p49999/z';\n" +
                                       std::string(kHandler)),
                 File("node_modules/pkg/package.json",
                      "{\"name\":\"pkg\",\"exports\":" + many + "}"),
                 File("node_modules/pkg/index.js", "export {};\n")});
  };
  r["package-json-binary"] = [](const std::string& p, const std::string&) {
    WriteZip(p, {File("index.mjs", "import 'pkg';\n" + std::string(kHandler)),
                 File("node_modules/pkg/package.json", std::string("\xff\xfe{\0\"n", 6)),
                 File("node_modules/pkg/index.js", "export {};\n")});
  };
  return r;
}

}  // namespace
}  // namespace lel::testzip

int main(int argc, char** argv) {
  using lel::testzip::Recipe;
  const std::map<std::string, Recipe> recipes = lel::testzip::Recipes();
  if (argc == 2 && std::string(argv[1]) == "--list") {
    for (const auto& [name, recipe] : recipes) std::cout << name << "\n";
    return 0;
  }
  if (argc < 2) {
    std::cerr << "usage: hostile_corpus OUT_DIR [CASE...] | --list\n";
    return 2;
  }
  const std::string out = argv[1];
  std::filesystem::create_directories(out);
  std::vector<std::string> wanted(argv + 2, argv + argc);
  if (wanted.empty()) {
    for (const auto& [name, recipe] : recipes) wanted.push_back(name);
  }
  lel::testzip::TempDir scratch;
  for (const std::string& name : wanted) {
    auto it = recipes.find(name);
    if (it == recipes.end()) {
      std::cerr << "hostile_corpus: no case '" << name << "'\n";
      return 2;
    }
    try {
      it->second(out + "/" + name + ".zip", scratch.Path(""));
      std::filesystem::remove(scratch.Path("zeros"));
    } catch (const std::exception& e) {
      std::cerr << "hostile_corpus: " << name << ": " << e.what() << "\n";
      return 1;
    }
  }
  return 0;
}
