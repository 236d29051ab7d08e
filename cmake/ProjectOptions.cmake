# Compiler options live on INTERFACE targets that each of our targets links explicitly,
# so third-party code and global flags stay untouched.

option(FACILITATOR_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(FACILITATOR_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

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
