# cmake -DDIR=rules -DOUT=.../rule_pages_data.cc -P embed_pages.cmake
# Embeds every rules/<id>.md page as a raw string literal, so `explain` and
# the SARIF help text work offline. The delimiter is checked so a page can
# never end its literal early and compile into something else.
file(GLOB pages "${DIR}/*.md")
list(SORT pages)
set(delimiter "lelpage")
set(text "// Generated from rules/*.md by src/report/embed_pages.cmake; edit the pages instead.\n#include \"report/rule_pages.h\"\nnamespace lel {\nconst EmbeddedPage kEmbeddedRulePages[] = {\n")
set(count 0)
foreach(page ${pages})
  file(READ "${page}" body)
  string(FIND "${body}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${page} contains the raw-string delimiter )${delimiter}\"")
  endif()
  get_filename_component(id "${page}" NAME_WE)
  string(APPEND text "    {\"${id}\", R\"${delimiter}(${body})${delimiter}\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND text "};\nconst size_t kEmbeddedRulePageCount = ${count};\n}  // namespace lel\n")
# Only rewrite when the content changes, so unchanged pages do not rebuild.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${text}")
