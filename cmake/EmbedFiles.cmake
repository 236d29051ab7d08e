# Writes a C++ source holding every file under a folder, so the binary serves them without the
# source tree. Each file is kept under its path from the folder, with a leading '/'.
# Usage: cmake -DROOT=dir -DOUTPUT=file.cpp -P EmbedFiles.cmake
file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${ROOT}" "${ROOT}/*")
list(SORT files)
set(arrays "")
set(table "")
set(index 0)
foreach(path IN LISTS files)
  if(path MATCHES "(^|/)\\." OR path MATCHES "~$")
    continue()  # editor and hidden files
  endif()
  file(READ "${ROOT}/${path}" content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(APPEND arrays "constexpr char file_${index}[] = {${bytes} '\\0'};\n")
  string(APPEND table "    {\"/${path}\", {file_${index}, sizeof file_${index} - 1}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${ROOT}; do not edit.\n#include \"http/web.hpp\"\n"
  "namespace facilitator::http {\nnamespace {\n${arrays}"
  "constexpr EmbeddedFile kFiles[] = {\n${table}    {{}, {}}};\n}  // namespace\n"
  "std::span<const EmbeddedFile> embedded_web_files() noexcept { return {kFiles, sizeof kFiles / sizeof kFiles[0] - 1}; }\n"
  "}  // namespace facilitator::http\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
