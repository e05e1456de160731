// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::M`.
// Escaping as the Actions runner reads them: in the message, '%', CR and LF
// become %25, %0D, %0A; in property values also ':' and ',' (%3A, %2C),
// which would otherwise end the value. Every user value (names, the
// message, notes) is first written as ShownText writes it, so no other
// control byte reaches the log either.
#include <sstream>

#include "report/report.h"

namespace lel {
namespace {

std::string EscapeData(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string EscapeProperty(std::string_view text) {
  std::string out;
  for (char c : EscapeData(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view Command(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "notice";
  }
  return "error";
}

}  // namespace

std::string RenderGithub(std::span<const LocatedReport> reports, std::string_view source_prefix) {
  std::ostringstream out;
  for (const LocatedReport& report : reports) {
    for (size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& f = report.findings[i];
      const std::string archive = ShownText(report.archive_names.at(f.archive));
      const std::string path = ShownText(f.path);
      // An entry of the function zip is annotated on the repository file it
      // was built from (source_prefix + path); a layer's entry or the
      // archive as a whole, on the archive.
      std::string file = f.path.empty() || f.archive != 0
                             ? archive
                             : ShownText(std::string(source_prefix) + f.path);
      std::string where = archive + (f.path.empty() ? "" : "!" + path);
      std::string title =
          f.rule + " (" + (report.label.empty() ? "" : ShownText(report.label) + ": ") + where + ")";
      out << "::" << Command(f.severity) << " file=" << EscapeProperty(file);
      if (i < report.located.size() && report.located[i] && f.archive == 0) {
        out << ",line=" << report.located[i]->line << ",col=" << report.located[i]->column;
      }
      out << ",title=" << EscapeProperty(title) << "::";
      std::string message = ShownText(f.message);
      if (f.archive != 0 && i < report.located.size() && report.located[i]) {
        message = where + ":" + std::to_string(report.located[i]->line) + ":" +
                  std::to_string(report.located[i]->column) + ": " + message;
      }
      for (const std::string& note : f.notes) message += "\nnote: " + ShownText(note);
      out << EscapeData(message) << "\n";
    }
  }
  return out.str();
}

}  // namespace lel
