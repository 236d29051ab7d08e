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
  target_compile_options(facilitator_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(facilitator_options INTERFACE -fsanitize=address,undefined)
endif()
