# cmake -DIN=queries/x.scm -DOUT=.../x.scm.h -P embed_query.cmake
# Wraps a query file in a C++ raw string literal. The delimiter is checked so
# a query can never end the literal early and compile into something else.
file(READ "${IN}" body)
set(delimiter "lelq")
string(FIND "${body}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )${delimiter}\"")
endif()
get_filename_component(name "${IN}" NAME)
# imports.scm -> kImportsScm (Google style constant name).
string(REGEX MATCHALL "[A-Za-z0-9]+" parts "${name}")
set(ident "k")
foreach(part ${parts})
  string(SUBSTRING "${part}" 0 1 first)
  string(TOUPPER "${first}" first)
  string(SUBSTRING "${part}" 1 -1 rest)
  string(APPEND ident "${first}${rest}")
endforeach()
set(text "// Generated from src/js/queries/${name}; edit that file instead.\n#pragma once\n#include <string_view>\nnamespace lel::js::queries {\ninline constexpr std::string_view ${ident} = R\"${delimiter}(${body})${delimiter}\";\n}  // namespace lel::js::queries\n")
# Only rewrite when the content changes, so unchanged queries do not rebuild.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${text}")
