// entry-name-unsafe: entry names an extractor will not place where they say
// (absolute, "..", NUL, empty: left out of the view), names given twice
// (which copy wins depends on the extractor), and names that differ only
// in letter case (one overwrites the other on case-insensitive systems,
// and the author probably meant one file).
#include <map>

#include "rules/registry.h"

namespace lel {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

void Check(const Context& context, Findings* out) {
  for (const SkippedEntry& skipped : context.package.skipped) {
    Finding& finding =
        out->Add(kEntryNameUnsafe, "entry is not extracted where its name says: " + skipped.reason);
    finding.archive = skipped.archive;
    if (skipped.entry != nullptr) PointAt(skipped.archive, *skipped.entry, &finding);
  }
  for (size_t a = 0; a < context.package.archives.size(); ++a) {
    std::map<std::string, const Entry*> exact, folded;
    for (const Entry& entry : context.package.archives[a]->entries()) {
      std::string message;
      if (!exact.emplace(entry.name, &entry).second) {
        message = "the archive has this name twice; which copy is extracted depends on the tool";
      } else if (auto [it, fresh] = folded.emplace(Lower(entry.name), &entry); !fresh) {
        message = "differs only in letter case from '" + it->second->name +
                  "'; on a case-insensitive system one overwrites the other";
      }
      // Guard: a unique name.
      if (message.empty()) continue;
      Finding& finding = out->Add(kEntryNameUnsafe, std::move(message));
      PointAt(static_cast<int>(a), entry, &finding);
    }
  }
}

}  // namespace

const Rule kEntryNameUnsafe = {
    "entry-name-unsafe", Category::kHygiene, Severity::kWarning, /*fixable=*/false,
    "an entry name is absolute, climbs out with '..', has NUL, or collides with another",
    &Check, nullptr, RuleSources::kZipEntries};

}  // namespace lel
