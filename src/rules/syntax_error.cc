// syntax-error: a file the runtime loads does not parse. Node refuses the
// whole module graph at init (Runtime.UserCodeSyntaxError). Valid syntax
// the pinned grammar cannot parse (its known gaps, src/js) is not an error;
// a file too large or too deep to parse safely is left alone, unless the
// parser was abandoned still recovering from an error at its end, or its
// brackets nest deeper than Node's own parser survives (RangeError). The
// grammar accepts regular expressions that older Nodes refuse (the `v`
// flag on Node 18, modifier groups before Node 24): those are decided per
// major (AcceptsRegexFlags, AcceptsRegexModifiers).
#include "resolve/resolver.h"
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string Message(const ModuleNode& module) {
  if (module.scan.too_deep_for_node != 0) {
    return "RangeError: Maximum call stack size exceeded: brackets nest " +
           std::to_string(module.scan.too_deep_for_node) +
           " deep here, past what Node's parser survives (nodejs18.x to 24.x fail from 5,000 "
           "levels or fewer)";
  }
  const std::string what = module.format == ModuleFormat::kEsm ? "ES module" : "file";
  if (module.scan.parse_incomplete) {
    return "Runtime.UserCodeSyntaxError: SyntaxError: this " + what +
           " does not parse (the parser was still recovering from an error at its end; the "
           "first error is not located)";
  }
  return "Runtime.UserCodeSyntaxError: SyntaxError: this " + what +
         " does not parse (first error here)";
}

// The first regular expression literal this runtime's Node refuses (a
// SyntaxError for the whole file, as any other), reported with Node's
// message; false when there is none.
bool ReportRegex(const Context& context, int m, Findings* out) {
  const ModuleNode& module = context.graph.modules()[m];
  const int major = context.options.node_major();
  for (const RegexLiteral& regex : module.scan.regexes) {
    std::string message;
    std::string note;
    if (!AcceptsRegexFlags(major, regex.flags)) {
      // As Node 18 and later say it.
      message = "Runtime.UserCodeSyntaxError: SyntaxError: Invalid regular expression flags";
      if (AcceptsRegexFlags(24, regex.flags)) {
        note = "the `v` flag (unicode sets) needs Node 20: it parses on nodejs20.x and later, not "
               "on " + context.options.runtime_name();
      } else {
        note = "the flags '" + regex.flags +
               "' parse on no Node (an unknown or repeated flag, or u with v)";
      }
    } else if (regex.modifiers && !AcceptsRegexModifiers(major)) {
      message = "Runtime.UserCodeSyntaxError: SyntaxError: Invalid regular expression: "
                "Invalid group";
      note = "modifier groups such as (?i:...) need Node 24: they parse on nodejs24.x, not on " +
             context.options.runtime_name();
    } else {
      continue;
    }
    Finding& finding = out->Add(kSyntaxError, std::move(message));
    PlaceInModule(context, m, regex.span, true, &finding);
    finding.notes.push_back(std::move(note));
    return true;
  }
  return false;
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: a regular expression this Node refuses, in a file that parses.
    if (module.read_ok && !module.scan.has_syntax_error &&
        ReportRegex(context, static_cast<int>(m), out)) {
      continue;
    }
    // Guard: an error that is not a grammar gap (ModuleScan::has_syntax_error).
    if (!module.read_ok || !module.scan.has_syntax_error) continue;
    Finding& finding = out->Add(kSyntaxError, Message(module));
    PlaceInModule(context, static_cast<int>(m), module.scan.first_error, true, &finding);
    const bool located = !module.scan.parse_incomplete || module.scan.too_deep_for_node != 0;
    if (!located) finding.span.reset();
  }
}

}  // namespace

const Rule kSyntaxError = {
    "syntax-error", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a file the runtime loads does not parse", &Check};

}  // namespace lel
