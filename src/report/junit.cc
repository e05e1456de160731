// JUnit XML, the dialect CI systems read (Jenkins, GitLab, Azure DevOps):
// <testsuites> of one <testsuite> per package, one <testcase> per rule that
// ran. A rule with error findings fails (one <failure> listing them);
// warnings and infos go to the test case's <system-out>.
#include <algorithm>
#include <map>
#include <sstream>

#include "report/report.h"
#include "rules/config.h"

namespace lel {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Text and attribute values: markup characters escaped; characters XML 1.0
// cannot hold (most control characters) and bytes that are not UTF-8
// become U+FFFD.
std::string Xml(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8Length(text, i);
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      out += "\xEF\xBF\xBD";
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "&#10;";
        break;  // kept in attributes too
      default:
        out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

// "function.zip!index.mjs:1:20: error: message [rule]" and its notes,
// the user values as ShownText writes them (Xml would turn their control
// bytes into U+FFFD, losing them).
std::string Describe(const LocatedReport& report, size_t i) {
  const Finding& f = report.findings[i];
  std::string line = ShownText(report.archive_names.at(f.archive));
  if (!f.path.empty()) line += "!" + ShownText(f.path);
  if (i < report.located.size() && report.located[i]) {
    line += ":" + std::to_string(report.located[i]->line) + ":" +
            std::to_string(report.located[i]->column);
  }
  line += ": " + std::string(SeverityName(f.severity)) + ": " + ShownText(f.message) + " [" +
          f.rule + "]";
  for (const std::string& note : f.notes) line += "\n  note: " + ShownText(note);
  return line;
}

}  // namespace

std::string RenderJunit(std::span<const LocatedReport> reports) {
  std::ostringstream suites;
  int total_tests = 0, total_failures = 0;
  for (const LocatedReport& report : reports) {
    std::vector<std::string> rules = report.rules_run;
    if (rules.empty()) {
      for (const Rule* rule : ReportedRules()) rules.emplace_back(rule->id);
    }
    std::map<std::string, std::vector<size_t>> by_rule;
    for (size_t i = 0; i < report.findings.size(); ++i)
      by_rule[report.findings[i].rule].push_back(i);
    // A finding of a rule outside the list (should not happen) still shows.
    for (const auto& [rule, unused] : by_rule) {
      if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
    }
    std::sort(rules.begin(), rules.end());
    std::string name = ShownText(report.label.empty() ? report.archive_names.at(0) : report.label);
    std::ostringstream cases;
    int failures = 0;
    for (const std::string& rule : rules) {
      cases << "    <testcase name=\"" << Xml(rule) << "\" classname=\"lambda-esm-lint."
            << Xml(name) << "\"";
      auto it = by_rule.find(rule);
      if (it == by_rule.end()) {
        cases << "/>\n";
        continue;
      }
      std::string errors, others;
      int error_count = 0;
      for (size_t i : it->second) {
        bool error = report.findings[i].severity == Severity::kError;
        (error ? errors : others) += Describe(report, i) + "\n";
        error_count += error;
      }
      cases << ">\n";
      if (error_count > 0) {
        ++failures;
        cases << "      <failure message=\"" << error_count
              << (error_count == 1 ? " error" : " errors") << "\" type=\"error\">" << Xml(errors)
              << "</failure>\n";
      }
      if (!others.empty()) cases << "      <system-out>" << Xml(others) << "</system-out>\n";
      cases << "    </testcase>\n";
    }
    total_tests += static_cast<int>(rules.size());
    total_failures += failures;
    suites << "  <testsuite name=\"" << Xml(name) << "\" tests=\"" << rules.size()
           << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\"0\">\n"
           << "    <properties>\n"
           << "      <property name=\"runtime\" value=\"" << Xml(ShownText(report.options.runtime_name())) << "\"/>\n"
           << "      <property name=\"resolution\" value=\""
           << (report.options.managed ? "managed" : "stock") << "\"/>\n"
           << "      <property name=\"handler\" value=\"" << Xml(ShownText(report.options.handler)) << "\"/>\n"
           << "      <property name=\"architecture\" value=\"" << Xml(report.options.architecture)
           << "\"/>\n"
           << "    </properties>\n"
           << cases.str() << "  </testsuite>\n";
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"lambda-esm-lint\" tests=\"" << total_tests << "\" failures=\""
      << total_failures << "\" errors=\"0\">\n"
      << suites.str() << "</testsuites>\n";
  return out.str();
}

}  // namespace lel
