// entry-name-backslash: an entry name with '\'. Zip names use '/'
// (APPNOTE 4.4.17); on Linux a backslash is an ordinary character, so
// "lib\util.mjs" extracts as one oddly named file in the root, not as
// lib/util.mjs. Windows tools that write such names break imports.
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  for (size_t a = 0; a < context.package.archives.size(); ++a) {
    for (const Entry& entry : context.package.archives[a]->entries()) {
      // Guard: a clean name.
      if (entry.name.find('\\') == std::string::npos) continue;
      std::string meant = entry.name;
      for (char& c : meant) c = c == '\\' ? '/' : c;
      // unzip reads '\\' as a separator in entries from non-Unix hosts; in
      // Unix entries it is part of the file name.
      Finding& finding = out->Add(
          kEntryNameBackslash,
          entry.made_by_host == kHostUnix
              ? "entry name uses '\\' as a separator; it extracts as one file named '" +
                    entry.name + "', not as " + meant
              : "entry name uses '\\' as a separator; unzip extracts it as " + meant +
                    " (non-Unix host), other extractors as one file named '" + entry.name + "'");
      PointAt(static_cast<int>(a), entry, &finding);
    }
  }
}

}  // namespace

const Rule kEntryNameBackslash = {
    "entry-name-backslash", Category::kHygiene, Severity::kWarning, /*fixable=*/false,
    "an entry name uses '\\' where zip names need '/'", &Check, nullptr, RuleSources::kZipEntries};

}  // namespace lel
