// Reading and writing JSON documents that hold hostile bytes. Every reader
// of a user's JSON (the project file, get-function output, package.json)
// calls ReadJson, and every JSON output (check, audit, fix, imports, SARIF)
// is written by DumpJson: one place decides the nesting bound and the
// escaping of names that are not UTF-8 (docs/json-output.md).
#ifndef LEL_JSON_JSON_IO_H_
#define LEL_JSON_JSON_IO_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace lel {

// Deeper than this, a project file or a get-function document is not one.
// (Anything that walks a value recursively, as dump() and copies do, needs
// a bound; 400,000 nested arrays overflowed the stack.)
inline constexpr int kMaxJsonDepth = 64;

struct JsonReadLimits {
  // Arrays and objects nested deeper than this (the top-level value is at
  // depth 1) are not kept.
  int max_depth = kMaxJsonDepth;
  // false: a document nested deeper is refused ("nested more than 64
  // levels deep"). true: the deeper values are dropped from their array or
  // object as if they were not there, and the rest is kept (package.json:
  // Node reads any depth, and the fields it uses sit near the top).
  bool drop_deeper = false;
};

// Parses `text`. False with *err a one-line reason (the parser's message,
// or the depth) when it is not JSON or is nested too deep; never throws.
// *depth_cut, when given, says whether drop_deeper dropped anything.
bool ReadJson(std::string_view text, nlohmann::json* out, std::string* err,
              const JsonReadLimits& limits = {}, bool* depth_cut = nullptr);
bool ReadJson(std::string_view text, nlohmann::ordered_json* out, std::string* err,
              const JsonReadLimits& limits = {}, bool* depth_cut = nullptr);

// A string as JSON output writes it: EscapeBytes without the control
// bytes (JSON escapes those itself), so a name that is not UTF-8 survives
// losslessly: every \xNN in the decoded string is one byte of the name.
std::string JsonText(std::string_view text);

// A string value that is already shown text: `text` as the text formats
// write a message (user bytes through EscapeBytes with kEscapeControls, so
// no control byte but the newlines between its lines, and every \xNN one
// byte). DumpJson writes it as it is, where JsonText would escape its
// backslashes again: after JSON decoding, a SARIF viewer shows no raw ESC or
// NUL, and \xNN still stands for the byte NN. (A private marker, a binary
// value, that no document ReadJson reads can hold.)
nlohmann::ordered_json ShownJsonText(std::string_view text);

// Serialises `doc` with `indent` spaces (negative: one line), every string
// and key through JsonText (a ShownJsonText as it is); never throws. No trailing newline.
std::string DumpJson(const nlohmann::json& doc, int indent = 2);
std::string DumpJson(const nlohmann::ordered_json& doc, int indent = 2);

}  // namespace lel

#endif  // LEL_JSON_JSON_IO_H_
