// The rules/<id>.md pages, embedded at build time (embed_pages.cmake).
#ifndef LEL_REPORT_RULE_PAGES_H_
#define LEL_REPORT_RULE_PAGES_H_

#include <cstddef>
#include <string_view>

namespace lel {

struct EmbeddedPage {
  std::string_view id;
  std::string_view text;
};
// Sorted by id.
extern const EmbeddedPage kEmbeddedRulePages[];
extern const size_t kEmbeddedRulePageCount;

}  // namespace lel

#endif  // LEL_REPORT_RULE_PAGES_H_
