#include "testzip/zip_builder.h"

#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lel::testzip {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw std::runtime_error("zip_builder: " + what);
}

size_t FindHeader(const std::string& zip, const std::string& signature,
                  size_t name_offset, const std::string& name) {
  for (size_t at = zip.find(signature); at != std::string::npos;
       at = zip.find(signature, at + 1)) {
    if (at + name_offset + name.size() > zip.size()) break;
    uint16_t length = Get16(zip, at + name_offset - (signature[2] == 3 ? 4 : 18));
    if (length == name.size() && zip.compare(at + name_offset, name.size(), name) == 0) {
      return at;
    }
  }
  Fail("no header for entry '" + name + "'");
}

TestEntry Make(std::string name, std::string content, uint8_t host, uint32_t attributes) {
  TestEntry e;
  e.name = std::move(name);
  e.content = std::move(content);
  e.host = host;
  e.attributes = attributes;
  return e;
}

}  // namespace

TestEntry File(std::string name, std::string content, uint32_t mode) {
  return Make(std::move(name), std::move(content), kUnix, (0100000u | mode) << 16);
}

TestEntry Dir(std::string name, uint32_t mode) {
  if (name.empty() || name.back() != '/') name += '/';
  return Make(std::move(name), "", kUnix, ((0040000u | mode) << 16) | 0x10);
}

TestEntry Link(std::string name, std::string target) {
  return Make(std::move(name), std::move(target), kUnix, 0120777u << 16);
}

TestEntry Foreign(std::string name, std::string content, uint8_t host,
                  uint32_t dos_attributes) {
  return Make(std::move(name), std::move(content), host, dos_attributes);
}

bool CanEncrypt() { return zip_encryption_method_supported(ZIP_EM_AES_256, 1) != 0; }

void WriteZip(const std::string& path, const std::vector<TestEntry>& entries) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (zip == nullptr) Fail("cannot create " + path);
  auto fail = [zip](const std::string& what) {
    std::string message = what + ": " + zip_strerror(zip);
    zip_discard(zip);
    Fail(message);
  };
  for (const TestEntry& e : entries) {
    zip_source_t* source =
        e.source_file.empty()
            ? zip_source_buffer(zip, e.content.data(), e.content.size(), 0)
            : zip_source_file(zip, e.source_file.c_str(), 0, -1);
    if (source == nullptr) fail("source for " + e.name);
    // A duplicate name fails here; tests make duplicates by patching names.
    zip_int64_t index = zip_file_add(zip, e.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      fail("add " + e.name);
    }
    auto i = static_cast<zip_uint64_t>(index);
    if (zip_file_set_external_attributes(zip, i, 0, e.host, e.attributes) != 0 ||
        zip_set_file_compression(zip, i, e.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0) {
      fail("attributes of " + e.name);
    }
    if (e.encrypt && zip_file_set_encryption(zip, i, ZIP_EM_AES_256, "secret") != 0) {
      fail("encrypt " + e.name);
    }
  }
  if (zip_close(zip) != 0) fail("write " + path);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) Fail("cannot write " + path);
}

size_t LocalHeaderOffset(const std::string& zip, const std::string& name) {
  return FindHeader(zip, std::string("PK\3\4", 4), kLocalName, name);
}

size_t CentralHeaderOffset(const std::string& zip, const std::string& name) {
  return FindHeader(zip, std::string("PK\1\2", 4), kCentralName, name);
}

size_t DataOffset(const std::string& zip, const std::string& name) {
  size_t local = LocalHeaderOffset(zip, name);
  return local + kLocalName + Get16(zip, local + 26) + Get16(zip, local + 28);
}

void Put16(std::string* zip, size_t offset, uint16_t value) {
  if (offset + 2 > zip->size()) Fail("Put16 out of range");
  (*zip)[offset] = static_cast<char>(value & 0xff);
  (*zip)[offset + 1] = static_cast<char>(value >> 8);
}

void Put32(std::string* zip, size_t offset, uint32_t value) {
  Put16(zip, offset, static_cast<uint16_t>(value & 0xffff));
  Put16(zip, offset + 2, static_cast<uint16_t>(value >> 16));
}

uint16_t Get16(const std::string& zip, size_t offset) {
  if (offset + 2 > zip.size()) Fail("Get16 out of range");
  return static_cast<uint16_t>(static_cast<uint8_t>(zip[offset]) |
                               static_cast<uint8_t>(zip[offset + 1]) << 8);
}

uint32_t Get32(const std::string& zip, size_t offset) {
  return Get16(zip, offset) | static_cast<uint32_t>(Get16(zip, offset + 2)) << 16;
}

uint32_t Crc32(const std::string& data) {
  uint32_t crc = 0xffffffffu;
  for (char c : data) {
    crc ^= static_cast<uint8_t>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lel-zip-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) Fail("mkdtemp");
  dir_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void Append16(std::string* s, uint16_t v) {
  s->push_back(static_cast<char>(v & 0xff));
  s->push_back(static_cast<char>(v >> 8));
}
void Append32(std::string* s, uint32_t v) {
  Append16(s, static_cast<uint16_t>(v & 0xffff));
  Append16(s, static_cast<uint16_t>(v >> 16));
}
void Append64(std::string* s, uint64_t v) {
  Append32(s, static_cast<uint32_t>(v & 0xffffffffu));
  Append32(s, static_cast<uint32_t>(v >> 32));
}

std::string StoredLocal(const std::string& name, const std::string& data, uint16_t flags) {
  std::string out("PK\3\4", 4);
  Append16(&out, 10);
  Append16(&out, flags);
  Append16(&out, 0);  // stored
  Append16(&out, 0);
  Append16(&out, 0x21);
  Append32(&out, Crc32(data));
  Append32(&out, static_cast<uint32_t>(data.size()));
  Append32(&out, static_cast<uint32_t>(data.size()));
  Append16(&out, static_cast<uint16_t>(name.size()));
  Append16(&out, 0);
  return out + name + data;
}

std::string StoredCentral(const std::string& name, const std::string& data, uint32_t local_offset,
                          const std::string& extra, uint16_t flags) {
  std::string out("PK\1\2", 4);
  Append16(&out, (3 << 8) | 20);
  Append16(&out, 10);
  Append16(&out, flags);
  Append16(&out, 0);
  Append16(&out, 0);
  Append16(&out, 0x21);
  Append32(&out, Crc32(data));
  Append32(&out, static_cast<uint32_t>(data.size()));
  Append32(&out, static_cast<uint32_t>(data.size()));
  Append16(&out, static_cast<uint16_t>(name.size()));
  Append16(&out, static_cast<uint16_t>(extra.size()));
  Append16(&out, 0);  // comment
  Append16(&out, 0);  // disk
  Append16(&out, 0);  // internal attributes
  Append32(&out, 0100644u << 16);
  Append32(&out, local_offset);
  return out + name + extra;
}

std::string EndRecord(uint16_t count, size_t cd_size, size_t cd_offset,
                      const std::string& comment) {
  std::string out("PK\5\6", 4);
  Append32(&out, 0);  // this disk, the directory's disk
  Append16(&out, count);
  Append16(&out, count);
  Append32(&out, static_cast<uint32_t>(cd_size));
  Append32(&out, static_cast<uint32_t>(cd_offset));
  Append16(&out, static_cast<uint16_t>(comment.size()));
  return out + comment;
}

std::string UnicodePathExtra(const std::string& raw, const std::string& utf8) {
  std::string out;
  Append16(&out, 0x7075);
  Append16(&out, static_cast<uint16_t>(5 + utf8.size()));
  out.push_back(1);
  Append32(&out, Crc32(raw));
  return out + utf8;
}

std::string Zip64(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    uint64_t local_offset = out.size();
    uint32_t crc = Crc32(data);
    out += std::string("PK\3\4", 4);
    Append16(&out, 45);  // version needed: zip64
    Append16(&out, 0);   // flags
    Append16(&out, 0);   // stored
    Append16(&out, 0);
    Append16(&out, 0x21);  // time, date
    Append32(&out, crc);
    Append32(&out, 0xffffffffu);
    Append32(&out, 0xffffffffu);
    Append16(&out, static_cast<uint16_t>(name.size()));
    Append16(&out, 20);
    out += name;
    Append16(&out, 1);  // zip64 extra: uncompressed, compressed size
    Append16(&out, 16);
    Append64(&out, data.size());
    Append64(&out, data.size());
    out += data;

    central += std::string("PK\1\2", 4);
    Append16(&central, (3 << 8) | 45);  // made by Unix
    Append16(&central, 45);
    Append16(&central, 0);
    Append16(&central, 0);
    Append16(&central, 0);
    Append16(&central, 0x21);
    Append32(&central, crc);
    Append32(&central, 0xffffffffu);
    Append32(&central, 0xffffffffu);
    Append16(&central, static_cast<uint16_t>(name.size()));
    Append16(&central, 28);
    Append16(&central, 0);  // comment
    Append16(&central, 0);  // disk
    Append16(&central, 0);  // internal attributes
    Append32(&central, 0100644u << 16);
    Append32(&central, 0xffffffffu);  // local header offset
    central += name;
    Append16(&central, 1);
    Append16(&central, 24);
    Append64(&central, data.size());
    Append64(&central, data.size());
    Append64(&central, local_offset);
  }
  uint64_t central_offset = out.size();
  out += central;
  uint64_t zip64_end = out.size();
  out += std::string("PK\6\6", 4);
  Append64(&out, 44);
  Append16(&out, 45);
  Append16(&out, 45);
  Append32(&out, 0);
  Append32(&out, 0);
  Append64(&out, files.size());
  Append64(&out, files.size());
  Append64(&out, central.size());
  Append64(&out, central_offset);
  out += std::string("PK\6\7", 4);
  Append32(&out, 0);
  Append64(&out, zip64_end);
  Append32(&out, 1);
  out += std::string("PK\5\6", 4);
  Append16(&out, 0);
  Append16(&out, 0);
  Append16(&out, 0xffff);
  Append16(&out, 0xffff);
  Append32(&out, 0xffffffffu);
  Append32(&out, 0xffffffffu);
  Append16(&out, 0);
  return out;
}

}  // namespace lel::testzip
