# Compiler options live on INTERFACE targets that each of our targets links explicitly,
# so third-party code and global flags stay untouched.

option(FACILITATOR_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(FACILITATOR_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FACILITATOR_BUILD_FUZZERS "Build the libFuzzer targets of tests/fuzz (clang only; the fuzz preset)" OFF)

add_library(facilitator_options INTERFACE)
target_compile_options(facilitator_options INTERFACE
  -Wall -Wextra -Wpedantic
  -Wshadow                 # a shadowed name is nearly always a mistake in this code base
  -Wnon-virtual-dtor       # interfaces are deleted through base pointers
  -Wold-style-cast
  -Wcast-align
  -Woverloaded-virtual
  -Wconversion -Wsign-conversion  # ids, versions and money are 64-bit; silent narrowing hides bugs
  -Wnull-dereference
  -Wformat=2
  -Wimplicit-fallthrough)
if(FACILITATOR_WARNINGS_AS_ERRORS)
  target_compile_options(facilitator_options INTERFACE -Werror)
endif()
if(FACILITATOR_SANITIZE AND FACILITATOR_BUILD_FUZZERS)
  message(FATAL_ERROR "FACILITATOR_BUILD_FUZZERS brings its own sanitizers; leave FACILITATOR_SANITIZE off")
endif()
if(FACILITATOR_SANITIZE)
  # halt_on_error keeps UBSan findings fatal, so a test run cannot pass over one.
  # vptr checks need typeinfo that Debian's SOCI libraries do not export, so they are off.
  # GCC 12 reports maybe-uninitialized false positives inside <regex> and Boost at -O1 with
  # sanitizers; they stay warnings there (the dev preset still treats them as errors).
  target_compile_options(facilitator_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all -fno-omit-frame-pointer
    -Wno-error=maybe-uninitialized)
  target_link_options(facilitator_options INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
endif()
if(FACILITATOR_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FACILITATOR_BUILD_FUZZERS needs clang (libFuzzer): use the fuzz preset")
  endif()
  # Our code gets libFuzzer's coverage instrumentation and both sanitizers; libFuzzer's own main is
  # linked only into the fuzz executables (facilitator_fuzzer), so the libraries stay ordinary
  # libraries. The fuzz preset leaves FACILITATOR_WARNINGS_AS_ERRORS off: the asan and dev presets
  # (GCC) hold the code to warnings as errors, and clang 14 has warnings of its own GCC does not
  # give (e.g. -Wdefaulted-function-deleted on a defaulted operator== in core/report/report.hpp),
  # which must not stop a fuzzing run.
  # vptr is off for the same reason as in the asan build (SOCI's typeinfo).
  target_compile_options(facilitator_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_link_options(facilitator_options INTERFACE -fsanitize=address,undefined -fno-sanitize=vptr)
  add_library(facilitator_fuzzer INTERFACE)
  target_link_options(facilitator_fuzzer INTERFACE -fsanitize=fuzzer,address,undefined -fno-sanitize=vptr)
endif()
