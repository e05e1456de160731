#include "json/json_io.h"

#include <nlohmann/json.hpp>

#include "archive/zip_archive.h"

namespace lel {
namespace {

// A SAX handler that builds nothing and keeps the parser's message, to say
// why a document did not parse (the DOM parse in non-throwing mode only
// says that it did not; a throwing one would build the value first).
template <typename Json>
class ErrorCatcher : public nlohmann::json_sax<Json> {
 public:
  using Base = nlohmann::json_sax<Json>;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(typename Base::number_integer_t) override { return true; }
  bool number_unsigned(typename Base::number_unsigned_t) override { return true; }
  bool number_float(typename Base::number_float_t, const typename Base::string_t&) override {
    return true;
  }
  bool string(typename Base::string_t&) override { return true; }
  bool binary(typename Base::binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(typename Base::string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    message = ex.what();
    return false;
  }
  std::string message;
};

template <typename Json>
std::string ParseErrorOf(std::string_view text) {
  ErrorCatcher<Json> catcher;
  Json::sax_parse(text, &catcher);
  // nlohmann prefixes "[json.exception.parse_error.101] "; the rest reads
  // well. It quotes the bytes it stopped at: escaped, and cut.
  std::string message = catcher.message;
  size_t bracket = message.find("] ");
  if (message.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) {
    message.erase(0, bracket + 2);
  }
  return message.empty() ? "invalid JSON" : PrintableName(message);
}

template <typename Json>
bool ReadJsonAs(std::string_view text, Json* out, std::string* err, const JsonReadLimits& limits,
                bool* depth_cut) {
  bool too_deep = false;
  // nlohmann's parser keeps its own stack on the heap, so it reads any depth;
  // the callback stops values from being built below the bound, and the
  // result is then safe for the recursive walks (dump, copy, compare).
  auto bound = [&](int depth, nlohmann::detail::parse_event_t event, Json&) {
    const bool opens = event == nlohmann::detail::parse_event_t::object_start ||
                       event == nlohmann::detail::parse_event_t::array_start;
    // `depth` counts the containers already open around this one.
    if (opens && depth >= limits.max_depth) {
      too_deep = true;
      return false;
    }
    return true;
  };
  Json doc = Json::parse(text, bound, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    *err = ParseErrorOf<Json>(text);
    return false;
  }
  if (too_deep && !limits.drop_deeper) {
    *err = "nested more than " + std::to_string(limits.max_depth) + " levels deep";
    return false;
  }
  if (depth_cut != nullptr) *depth_cut = too_deep;
  *out = std::move(doc);
  return true;
}

// The subtype of the binary value ShownJsonText makes.
constexpr std::uint8_t kShownTextSubtype = 0x5e;

// Rewrites every string and key of `doc` through JsonText (only where that
// changes it: almost every document is left as it is), and a ShownJsonText
// into the string it holds.
template <typename Json>
void Sanitize(Json* doc) {
  if (doc->is_binary()) {
    const auto& bytes = doc->get_binary();
    std::string text(bytes.begin(), bytes.end());
    // Anything else binary cannot be written as JSON text: dropped.
    *doc = bytes.has_subtype() && bytes.subtype() == kShownTextSubtype ? Json(std::move(text))
                                                                          : Json();
  } else if (doc->is_string()) {
    const std::string& text = doc->template get_ref<const std::string&>();
    std::string safe = JsonText(text);
    if (safe != text) *doc = std::move(safe);
  } else if (doc->is_array()) {
    for (Json& item : *doc) Sanitize(&item);
  } else if (doc->is_object()) {
    bool keys_safe = true;
    for (auto it = doc->begin(); it != doc->end(); ++it) {
      Sanitize(&it.value());
      keys_safe = keys_safe && JsonText(it.key()) == it.key();
    }
    if (!keys_safe) {
      Json rebuilt = Json::object();
      for (auto it = doc->begin(); it != doc->end(); ++it) {
        rebuilt[JsonText(it.key())] = std::move(it.value());
      }
      *doc = std::move(rebuilt);
    }
  }
}

template <typename Json>
std::string DumpJsonAs(const Json& doc, int indent) {
  Json safe = doc;
  Sanitize(&safe);
  // Every string is valid UTF-8 now; `replace` only keeps a slip from
  // becoming an abort.
  return safe.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

bool ReadJson(std::string_view text, nlohmann::json* out, std::string* err,
              const JsonReadLimits& limits, bool* depth_cut) {
  return ReadJsonAs(text, out, err, limits, depth_cut);
}

bool ReadJson(std::string_view text, nlohmann::ordered_json* out, std::string* err,
              const JsonReadLimits& limits, bool* depth_cut) {
  return ReadJsonAs(text, out, err, limits, depth_cut);
}

std::string JsonText(std::string_view text) { return EscapeBytes(text, EscapeControls::kNo, 0); }

nlohmann::ordered_json ShownJsonText(std::string_view text) {
  return nlohmann::ordered_json::binary(std::vector<std::uint8_t>(text.begin(), text.end()),
                                        kShownTextSubtype);
}

std::string DumpJson(const nlohmann::json& doc, int indent) { return DumpJsonAs(doc, indent); }

std::string DumpJson(const nlohmann::ordered_json& doc, int indent) {
  return DumpJsonAs(doc, indent);
}

}  // namespace lel
