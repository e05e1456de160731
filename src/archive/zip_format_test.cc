#include "archive/zip_format.h"

#include <catch2/catch.hpp>
#include <limits>

#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::Append16;
using testzip::Append32;
using testzip::EndRecord;
using testzip::Put16;
using testzip::Put32;
using testzip::StoredCentral;
using testzip::StoredLocal;
using testzip::TempDir;
using testzip::UnicodePathExtra;
using testzip::WriteBytes;

// An archive's bytes written to a file and read back with the reader.
struct Read {
  bool end_ok = false, directory_ok = false;
  ZipEndRecord end;
  std::vector<ZipCentralRecord> records;
  ZipError err;
};

Read ReadBytes(const std::string& bytes) {
  TempDir dir;
  WriteBytes(dir.Path("a.zip"), bytes);
  ZipFile file;
  std::string open_err;
  REQUIRE(file.Open(dir.Path("a.zip"), &open_err));
  Read r;
  r.end_ok = ReadEndRecord(file, &r.end, &r.err);
  r.directory_ok = r.end_ok && ReadCentralDirectory(file, r.end, &r.records, &r.err);
  return r;
}

// Two stored entries, each record after the other.
std::string TwoEntries() {
  const std::string a = StoredLocal("a.mjs", "export {};\n");
  const std::string b = StoredLocal("b.mjs", "export const b = 1;\n");
  const std::string cd = StoredCentral("a.mjs", "export {};\n", 0) +
                         StoredCentral("b.mjs", "export const b = 1;\n",
                                       static_cast<uint32_t>(a.size()));
  return a + b + cd + EndRecord(2, cd.size(), a.size() + b.size());
}

TEST_CASE("ZipBytes: every read is bounds-checked", "[zip_format]") {
  const std::string data("\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9);
  const ZipBytes b(data);
  uint16_t v16 = 0;
  uint32_t v32 = 0;
  uint64_t v64 = 0;
  CHECK(b.U16(0, &v16));
  CHECK(v16 == 0x0201);
  CHECK(b.U32(5, &v32));
  CHECK(v32 == 0x09080706u);
  CHECK(b.U64(1, &v64));
  CHECK(v64 == 0x0908070605040302ull);
  CHECK_FALSE(b.U16(8, &v16));
  CHECK_FALSE(b.U32(6, &v32));
  CHECK_FALSE(b.U64(2, &v64));
  CHECK_FALSE(b.U16(std::numeric_limits<uint64_t>::max(), &v16));
  std::string_view s;
  CHECK(b.Slice(9, 0, &s));
  CHECK(s.empty());
  CHECK_FALSE(b.Slice(10, 0, &s));
  CHECK_FALSE(b.Slice(1, std::numeric_limits<uint64_t>::max(), &s));
  CHECK(v16 == 0x0201);  // a failed read leaves the value alone
}

TEST_CASE("ZipFile: reads outside the file fail with one line", "[zip_format]") {
  TempDir dir;
  WriteBytes(dir.Path("f"), "0123456789");
  ZipFile file;
  std::string err, out;
  REQUIRE(file.Open(dir.Path("f"), &err));
  CHECK(file.size() == 10);
  CHECK(file.Read(8, 2, &out, &err));
  CHECK(out == "89");
  CHECK_FALSE(file.Read(8, 3, &out, &err));
  CHECK(err == "truncated archive: 3 bytes at offset 8 lie beyond its end (10)");
  CHECK_FALSE(file.Read(std::numeric_limits<uint64_t>::max(), 2, &out, &err));
  ZipFile folder;
  CHECK_FALSE(folder.Open(dir.Path(""), &err));
}

TEST_CASE("extra fields: split, found, and an overrun stops the scan", "[zip_format]") {
  std::string extra;
  Append16(&extra, 0x5455);
  Append16(&extra, 3);
  extra += "abc";
  Append16(&extra, 0x0001);
  Append16(&extra, 8);
  extra += std::string(8, '\x11');
  std::vector<ZipExtraField> fields;
  REQUIRE(SplitExtraFields(extra, &fields));
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].id == 0x5455);
  CHECK(fields[0].data == "abc");
  CHECK(fields[1].id == 1);
  CHECK(fields[1].data.size() == 8);
  CHECK(FindExtraField(extra, 1)->size() == 8);
  CHECK_FALSE(FindExtraField(extra, 0x7075).has_value());

  // A third field claiming more bytes than are left: the two before it stay.
  std::string overrun = extra;
  Append16(&overrun, 0x7075);
  Append16(&overrun, 100);
  overrun += "xy";
  CHECK_FALSE(SplitExtraFields(overrun, &fields));
  CHECK(fields.size() == 2);
  CHECK_FALSE(FindExtraField(overrun, 0x7075).has_value());
  // Fewer than 4 bytes left over are no field at all.
  CHECK(SplitExtraFields(extra + "zz", &fields));
  CHECK(fields.size() == 2);
}

TEST_CASE("Unicode Path field: version 1 and the stored name's CRC", "[zip_format]") {
  const std::string field = UnicodePathExtra("other.mjs", "\xc3\xb6ther.mjs").substr(4);
  CHECK(UnicodePathName(field, "other.mjs") == std::optional<std::string>("\xc3\xb6ther.mjs"));
  // The CRC is of another name: the field is stale, unzip ignores it.
  CHECK_FALSE(UnicodePathName(field, "others.mjs").has_value());
  std::string v2 = field;
  v2[0] = 2;
  CHECK_FALSE(UnicodePathName(v2, "other.mjs").has_value());
  CHECK_FALSE(UnicodePathName(field.substr(0, 4), "other.mjs").has_value());
  // No name after the CRC: the stored name is UTF-8 already.
  CHECK(UnicodePathName(UnicodePathExtra("a.mjs", "").substr(4), "a.mjs") ==
        std::optional<std::string>("a.mjs"));

  // In a central record it becomes the entry's extraction name, unless
  // flag bit 11 says the stored name is UTF-8 already.
  const std::string local = StoredLocal("other.mjs", "x");
  for (uint16_t flags : {0, 0x800}) {
    const std::string cd =
        StoredCentral("other.mjs", "x", 0, UnicodePathExtra("other.mjs", "\xc3\xb6.mjs"), flags);
    Read r = ReadBytes(local + cd + EndRecord(1, cd.size(), local.size()));
    REQUIRE(r.directory_ok);
    CHECK(r.records[0].name == "other.mjs");
    CHECK(r.records[0].unicode_name.has_value() == (flags == 0));
  }
}

TEST_CASE("ReadEndRecord: the end record unzip takes", "[zip_format]") {
  SECTION("a plain archive, with a comment and with a byte after the record") {
    for (const std::string& tail : {std::string(), std::string("X")}) {
      const std::string local = StoredLocal("a.mjs", "x");
      const std::string cd = StoredCentral("a.mjs", "x", 0);
      Read r = ReadBytes(local + cd + EndRecord(1, cd.size(), local.size(), "hello") + tail);
      REQUIRE(r.directory_ok);
      CHECK(r.end.offset == local.size() + cd.size());
      CHECK(r.end.comment == "hello");
      CHECK(r.end.cd_offset == local.size());
      CHECK_FALSE(r.end.zip64);
      REQUIRE(r.records.size() == 1);
      CHECK(r.records[0].name == "a.mjs");
    }
  }
  SECTION("too short, or no signature") {
    Read r = ReadBytes(std::string("PK\5\6", 4) + std::string(17, '\0'));
    CHECK_FALSE(r.end_ok);
    CHECK(r.err.text == "not a zip archive (too short)");
    r = ReadBytes(std::string(100, 'x'));
    CHECK_FALSE(r.end_ok);
    CHECK(r.err.text == "not a zip archive (no end of central directory record)");
    CHECK_FALSE(r.err.unzip_differs);
  }
  SECTION("a second end record in the comment, naming another directory: refused") {
    const std::string local = StoredLocal("a.mjs", "x");
    const std::string cd1 = StoredCentral("a.mjs", "x", 0);
    const std::string cd2 = StoredCentral("b.mjs", "x", 0);
    const std::string comment = cd2 + EndRecord(1, cd2.size(), local.size() + cd1.size() + 22);
    Read r = ReadBytes(local + cd1 + EndRecord(1, cd1.size(), local.size(), comment));
    CHECK_FALSE(r.end_ok);
    CHECK(r.err.unzip_differs);
    CHECK(r.err.text.find("the archive comment holds a second end of central directory record") ==
          0);
  }
  SECTION("an earlier signature whose comment would run past the file is no end record") {
    const std::string local = StoredLocal("a.mjs", "x");
    const std::string cd = StoredCentral("a.mjs", "x", 0);
    std::string fake = EndRecord(7, 0, 0);
    Put16(&fake, 20, 30000);  // a comment longer than the rest of the file
    Read r = ReadBytes(local + fake + cd + EndRecord(1, cd.size(), local.size() + 22));
    REQUIRE(r.directory_ok);
    CHECK(r.records.size() == 1);
  }
  SECTION("a second end record in the comment naming the same directory is the same archive") {
    const std::string local = StoredLocal("a.mjs", "x");
    const std::string cd = StoredCentral("a.mjs", "x", 0);
    const std::string comment = EndRecord(1, cd.size(), local.size());
    Read r = ReadBytes(local + cd + EndRecord(1, cd.size(), local.size(), comment));
    REQUIRE(r.directory_ok);
    CHECK(r.end.offset == local.size() + cd.size() + 22);  // unzip's: the last one
    CHECK(r.records.size() == 1);
  }
  SECTION("an end record of another disk: a split archive") {
    std::string bytes = TwoEntries();
    Put16(&bytes, bytes.size() - 22 + 4, 1);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.end_ok);
    CHECK(r.err.text == "split (multi-disk) zip archive, not supported");
  }
}

TEST_CASE("ReadEndRecord: zip64 locator and record", "[zip_format]") {
  const std::string zip64 =
      testzip::Zip64({{"index.mjs", "export const handler = 1;\n"}, {"b.mjs", "b\n"}});
  const size_t locator = zip64.size() - 22 - 20;
  const size_t record = locator - 56;
  SECTION("the zip64 values replace the saturated ones") {
    Read r = ReadBytes(zip64);
    REQUIRE(r.directory_ok);
    CHECK(r.end.zip64);
    CHECK(r.end.zip64_offset == record);
    CHECK(r.end.count == 2);
    CHECK(r.end.cd_offset < record);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].name == "index.mjs");
    CHECK(r.records[0].has_zip64_extra);
    CHECK(r.records[0].local_offset == 0);
    CHECK(r.records[0].size == 26);
    CHECK(r.records[0].compressed_size == 26);
    CHECK(r.records[1].local_offset > 0);
    CHECK(r.records[1].zip64_offset_at != std::string::npos);
  }
  struct Patch {
    const char* what;
    size_t at;
    uint32_t value;
    const char* message;
  };
  for (const Patch& p : {
           Patch{"locator: 2 disks", locator + 16, 2,
                 "the zip64 end of central directory locator names disk 0 of 2"},
           Patch{"locator: 0 disks", locator + 16, 0,
                 "the zip64 end of central directory locator names disk 0 of 0"},
           Patch{"locator: record on disk 1", locator + 4, 1,
                 "the zip64 end of central directory locator names disk 1 of 1"},
           Patch{"record: this disk 1", record + 16, 1,
                 "the zip64 end of central directory record names disk 1"},
           Patch{"record: directory on disk 1", record + 20, 1,
                 "the zip64 end of central directory record names disk 1"},
           Patch{"record: no signature", record, 0x12345678,
                 "no zip64 end of central directory record where its locator points"},
           Patch{"locator: record past the locator", locator + 8, 0x7fffffff,
                 "the zip64 end of central directory record lies outside the archive"},
       }) {
    INFO(p.what);
    std::string bytes = zip64;
    Put32(&bytes, p.at, p.value);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.end_ok);
    CHECK(r.err.unzip_differs);
    CHECK(r.err.text.find(p.message) == 0);
  }
  SECTION("a classic field that disagrees with the zip64 record: unzip goes by the classic") {
    std::string bytes = zip64;
    Put16(&bytes, bytes.size() - 22 + 10, 1);  // one entry, where zip64 says two
    Read r = ReadBytes(bytes);
    REQUIRE(r.end_ok);
    CHECK_FALSE(r.end.zip64);
    CHECK(r.end.count == 1);
    CHECK(r.end.cd_offset == 0xffffffffu);
    CHECK_FALSE(r.directory_ok);  // the saturated offset points nowhere
  }
  SECTION("a record whose zip64 extra field lacks the offset") {
    std::string bytes = zip64;
    // The first central record's extra field: say 16 bytes (sizes only).
    const size_t central = bytes.find(std::string("PK\1\2", 4));
    Put16(&bytes, central + 46 + 9 + 2, 16);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.directory_ok);
    CHECK(r.err.text == "entry 'index.mjs': zip64 extra field missing or too short");
  }
}

TEST_CASE("ReadCentralDirectory: truncated and lying directories", "[zip_format]") {
  const std::string good = TwoEntries();
  const size_t end = good.size() - 22;
  SECTION("count larger than the directory can hold") {
    std::string bytes = good;
    Put16(&bytes, end + 10, 60000);
    Read r = ReadBytes(bytes);
    REQUIRE(r.end_ok);
    CHECK_FALSE(r.directory_ok);
    CHECK(r.err.text.find("does not fit the file") != std::string::npos);
  }
  SECTION("directory offset past the end record") {
    std::string bytes = good;
    Put32(&bytes, end + 16, 0x7ffffff0);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.directory_ok);
    CHECK_FALSE(r.err.unzip_differs);
  }
  SECTION("a record's name runs past the directory") {
    std::string bytes = good;
    const size_t second = bytes.rfind(std::string("PK\1\2", 4));
    Put16(&bytes, second + 28, 200);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.directory_ok);
    CHECK(r.err.text == "central directory record 1 runs past the directory");
  }
  SECTION("a bad signature") {
    std::string bytes = good;
    const size_t second = bytes.rfind(std::string("PK\1\2", 4));
    Put32(&bytes, second, 0);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.directory_ok);
    CHECK(r.err.text.find("bad central directory record at offset ") == 0);
  }
  SECTION("a record on another disk") {
    std::string bytes = good;
    const size_t second = bytes.rfind(std::string("PK\1\2", 4));
    Put16(&bytes, second + 34, 1);
    Read r = ReadBytes(bytes);
    CHECK_FALSE(r.directory_ok);
    CHECK(r.err.text == "entry 'b.mjs': on another disk (split archive)");
  }
}

// The local records of an archive, measured, and the overlap verdict.
struct Measured {
  std::vector<std::optional<ZipLocalRecord>> locals;
  ZipError measure_err;
  bool no_overlap = false;
  ZipError overlap_err;
};

Measured Measure(const std::string& bytes) {
  TempDir dir;
  WriteBytes(dir.Path("a.zip"), bytes);
  ZipFile file;
  std::string open_err;
  REQUIRE(file.Open(dir.Path("a.zip"), &open_err));
  ZipEndRecord end;
  std::vector<ZipCentralRecord> records;
  ZipError err;
  REQUIRE(ReadEndRecord(file, &end, &err));
  REQUIRE(ReadCentralDirectory(file, end, &records, &err));
  Measured m;
  for (const ZipCentralRecord& r : records) {
    ZipLocalRecord local;
    if (MeasureLocalRecord(file, r, &local, &m.measure_err)) {
      m.locals.push_back(local);
    } else {
      m.locals.push_back(std::nullopt);
    }
  }
  m.no_overlap = CheckRecordsDoNotOverlap(end, records, m.locals, &m.overlap_err);
  return m;
}

TEST_CASE("MeasureLocalRecord and the overlap check", "[zip_format]") {
  SECTION("records one after the other") {
    Measured m = Measure(TwoEntries());
    REQUIRE(m.locals[0]);
    CHECK(m.locals[0]->offset == 0);
    CHECK(m.locals[0]->data_offset == 30 + 5);
    CHECK(m.locals[0]->end == 30 + 5 + 11);
    CHECK_FALSE(m.locals[0]->descriptor);
    CHECK(m.locals[1]->offset == m.locals[0]->end);
    CHECK(m.no_overlap);
  }
  SECTION("a local offset outside the file, or at no local header") {
    for (uint32_t offset : {0x7ffffff0u, 3u}) {
      std::string bytes = TwoEntries();
      Put32(&bytes, bytes.rfind(std::string("PK\1\2", 4)) + 42, offset);
      Measured m = Measure(bytes);
      CHECK_FALSE(m.locals[1]);
      CHECK(m.measure_err.text.find("entry 'b.mjs': no local header at offset ") == 0);
      CHECK_FALSE(m.measure_err.unzip_differs);
    }
  }
  SECTION("two records sharing one local header") {
    std::string bytes = TwoEntries();
    Put32(&bytes, bytes.rfind(std::string("PK\1\2", 4)) + 42, 0);
    Put32(&bytes, bytes.rfind(std::string("PK\1\2", 4)) + 16, testzip::Crc32("export {};\n"));
    Measured m = Measure(bytes);
    CHECK_FALSE(m.no_overlap);
    CHECK(m.overlap_err.unzip_differs);
    CHECK(m.overlap_err.text ==
          "entry 'b.mjs': its record overlaps that of 'a.mjs' (damaged archive, or a zip bomb)");
  }
  SECTION("data that runs into the central directory") {
    std::string bytes = TwoEntries();
    const size_t second = bytes.rfind(std::string("PK\1\2", 4));
    Put32(&bytes, second + 20, 30);  // compressed size
    Measured m = Measure(bytes);
    CHECK_FALSE(m.no_overlap);
    CHECK(m.overlap_err.text.find("entry 'b.mjs': its record overlaps the central directory") ==
          0);
  }
  // Bit 3 with a data descriptor after the data: with and without its
  // signature, 12 or 16 bytes; zip64 (a zip64 extra field in the local
  // header): 8 more.
  for (bool signature : {true, false}) {
    INFO("signature " << signature);
    const std::string data = "export {};\n";
    std::string local = StoredLocal("a.mjs", data, 8);
    if (signature) Append32(&local, kZipDescriptorSig);
    Append32(&local, testzip::Crc32(data));
    Append32(&local, static_cast<uint32_t>(data.size()));
    Append32(&local, static_cast<uint32_t>(data.size()));
    const std::string cd = StoredCentral("a.mjs", data, 0, "", 8);
    Measured m = Measure(local + cd + EndRecord(1, cd.size(), local.size()));
    REQUIRE(m.locals[0]);
    CHECK(m.locals[0]->descriptor);
    CHECK(m.locals[0]->data_end == 30 + 5 + data.size());
    CHECK(m.locals[0]->end == local.size());
    CHECK(m.no_overlap);
  }
  SECTION("bit 3 and no descriptor before the next record") {
    std::string bytes = TwoEntries();
    Put16(&bytes, 6, 8);
    Put16(&bytes, bytes.find(std::string("PK\1\2", 4)) + 8, 8);
    Measured m = Measure(bytes);
    CHECK(m.locals[0]->end == m.locals[0]->data_end + 12);
    CHECK_FALSE(m.no_overlap);
    CHECK(m.overlap_err.unzip_differs);
    CHECK(m.overlap_err.text ==
          "entry 'a.mjs': general-purpose bit 3 says a data descriptor follows its data, but "
          "the next record starts there (unzip reads it as the descriptor and refuses the "
          "archive as overlapping)");
  }
  SECTION("bit 3 and no descriptor before the central directory") {
    const std::string local = StoredLocal("a.mjs", "x", 8);
    const std::string cd = StoredCentral("a.mjs", "x", 0, "", 8);
    Measured m = Measure(local + cd + EndRecord(1, cd.size(), local.size()));
    CHECK_FALSE(m.no_overlap);
    CHECK(m.overlap_err.text.find("but the central directory starts there") !=
          std::string::npos);
  }
  SECTION("bit 3 in a zip64 local header: a 20-byte descriptor") {
    const std::string data = "x";
    std::string local = StoredLocal("a.mjs", "", 8);
    // Give the local header a zip64 extra field (sizes, 16 bytes).
    Put16(&local, 28, 20);
    std::string extra;
    Append16(&extra, 1);
    Append16(&extra, 16);
    extra += std::string(16, '\0');
    local += extra + data;
    Append32(&local, testzip::Crc32(data));
    extra.clear();
    testzip::Append64(&local, 1);
    testzip::Append64(&local, 1);
    const std::string cd = StoredCentral("a.mjs", data, 0, "", 8);
    Measured m = Measure(local + cd + EndRecord(1, cd.size(), local.size()));
    REQUIRE(m.locals[0]);
    CHECK(m.locals[0]->end - m.locals[0]->data_end == 20);
    CHECK(m.no_overlap);
  }
}

}  // namespace
}  // namespace lel
