# Writes a header holding a text file as a constant, so the binary serves it without the source tree.
# Usage: cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P EmbedText.cmake
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE "${OUTPUT}.tmp"
  "#pragma once\n// Generated from ${INPUT}; do not edit.\n#include <string_view>\n"
  "namespace facilitator::http {\n"
  "inline constexpr char ${NAME}_bytes[] = {${bytes} '\\0'};\n"
  "inline constexpr std::string_view ${NAME}{${NAME}_bytes, sizeof ${NAME}_bytes - 1};\n"
  "}  // namespace facilitator::http\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
