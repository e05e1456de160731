// The names an ES module can import from a CommonJS file, as Node decides
// them before running it: Node does not evaluate the file to link
// `import { x } from './file.cjs'`; it runs cjs-module-lexer over the text
// and takes what that finds (Node 18-22: cjs-module-lexer 1.2.2 / 2.2.0;
// Node 24: merve, its C++ port). This is our own implementation of that
// detection grammar (nodejs/cjs-module-lexer README, "Grammar"), a token
// scan with no scope analysis:
//
//   exports.a = / module.exports.a = / exports['a'] =      -> name a (anywhere)
//   Object.defineProperty(exports, 'a', { value: ... })    -> name a
//   Object.defineProperty(exports, 'a', { enumerable: true, get() { return x.y
//   } })
//                                                          -> name a; any other
//     getter or descriptor for 'a' opts 'a' out entirely ("unsafe getter")
//   module.exports = { a, b: c, 'd': e, ...f }             -> names a b d, up
//   to the
//     first property it cannot read
//   module.exports = require('x'), { ...require('x') }     -> reexport x (only
//   the
//     last module.exports assignment's)
//   __export(require('x')) / __exportStar(require('x')), and Babel's
//   `var _x = require('x'); Object.keys(_x).forEach(function (k) {...})`
//                                                          -> reexport x (top
//                                                          level only)
//
// Reexports are followed by the caller (Node resolves each from this file
// with require's algorithm and adds that file's names).
#ifndef LEL_JS_CJS_LEXER_H_
#define LEL_JS_CJS_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

namespace lel::js {

// What one of Node's lexers makes of the file.
struct CjsLexerView {
  // Decoded (UTF-8), each once, in the order first detected. Node adds
  // `default` (and, on 24, `module.exports`) itself.
  std::vector<std::string> names;
  // Require specifiers whose names this file re-exports, decoded, each once.
  std::vector<std::string> reexports;
  friend bool operator==(const CjsLexerView&, const CjsLexerView&) = default;
};

struct CjsLexerResult {
  // False when the lexer gave up (what it takes for a syntax error: an
  // unbalanced bracket, an unterminated string, template or regular
  // expression, ESM import/export syntax). Node then sees no names at all
  // (18-22 catch the lexer's error, 24's returns nothing); a file that fails
  // this way is invalid CommonJS and fails to load anyway.
  bool ok = true;
  size_t error_offset = 0;  // byte offset, when !ok
  // cjs-module-lexer (Node 18-22): names opted out as unsafe getters are
  // removed.
  CjsLexerView lexer;
  // merve (Node 24), the same grammar with three differences, all measured
  // against Node 24 on 1,879 files: no unsafe-getter opt-out; a literal's
  // `key: require('x')` also re-exports 'x'; a literal's `get x() {}`
  // stops the literal without taking `get` for a name.
  CjsLexerView merve;
  friend bool operator==(const CjsLexerResult&, const CjsLexerResult&) = default;
};

// Both lexers in one pass. Never reads outside `source`; linear in its size.
CjsLexerResult LexCommonJsExports(std::string_view source);

}  // namespace lel::js

#endif  // LEL_JS_CJS_LEXER_H_
