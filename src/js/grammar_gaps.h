// Valid JavaScript that the pinned grammar (tree-sitter-javascript 0.23.1)
// cannot parse, and how src/js gets past it.
//
// Each known gap is recognised from the tokens around an ERROR or MISSING
// node and rewritten, in a copy of the source, into syntax the grammar does
// parse and that means the same for our purposes (imports, bindings,
// exports). Rewrites keep every byte offset (same length, line breaks kept),
// so spans computed on the rewritten text are spans in the original file.
// The list of gaps, with the exact inputs and trees, is in module_scan.cc.
#ifndef LEL_JS_GRAMMAR_GAPS_H_
#define LEL_JS_GRAMMAR_GAPS_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lel::js {

enum class GrammarGap : uint8_t {
  kExportFromAttributes,    // export {a} from 'm' with { type: 'json' }
  kAssertAttributes,        // import x from 'm' assert { type: 'json' }
  kImportPhase,             // import defer * as ns from 'm'; import source x from 'm'
  kImportPhaseCall,         // import.defer('m'); import.source('m')
  kUsingDeclaration,        // using x = f(); await using y = g()
  kAccessorField,           // class A { accessor x = 1 }
  kParenthesizedDecorator,  // @(expr) class A {}
};

// A same-length replacement of src[begin, end).
struct GapPatch {
  GrammarGap gap;
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string replacement;
};

// Finds the known gaps in `tree`, parsed from `source`. Only constructs that
// touch an ERROR or MISSING node are patched, so valid code the grammar
// already handles (`import defer from 'm'`, `let using = 1`) is never
// rewritten. At most `max_patches` are returned, in source order.
std::vector<GapPatch> FindGrammarGaps(const TSTree* tree, std::string_view source,
                                      size_t max_patches);

// Applies `patches` (non-overlapping) to `text`.
void ApplyGapPatches(const std::vector<GapPatch>& patches, std::string* text);

}  // namespace lel::js

#endif  // LEL_JS_GRAMMAR_GAPS_H_
