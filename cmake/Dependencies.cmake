# All dependencies come from Debian 12 packages; see README.md for the package list.

find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

# Boost.MSM and friends are header-only; 1.81 (libboost1.81-dev) because 1.74's MSM does not
# compile as C++20.
find_package(Boost 1.81 EXACT REQUIRED)

find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Catch2 2.13 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL REQUIRED)

# cpp-httplib 0.11.4 is a compiled library; its pkg-config file carries the feature macros
# (OpenSSL, zlib, brotli) that the header must see to match the library's ABI.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# SOCI 4.0.3 ships neither a CMake config nor a pkg-config file: import its libraries by hand.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)

add_library(SOCI::core UNKNOWN IMPORTED)
set_target_properties(SOCI::core PROPERTIES IMPORTED_LOCATION ${SOCI_CORE_LIBRARY})
# SOCI's headers include Boost (optional, fusion) and libpq's headers.
target_include_directories(SOCI::core INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(SOCI::core INTERFACE Boost::headers Threads::Threads ${CMAKE_DL_LIBS})

add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
set_target_properties(SOCI::sqlite3 PROPERTIES IMPORTED_LOCATION ${SOCI_SQLITE3_LIBRARY})
target_link_libraries(SOCI::sqlite3 INTERFACE SOCI::core SQLite::SQLite3)

add_library(SOCI::postgresql UNKNOWN IMPORTED)
set_target_properties(SOCI::postgresql PROPERTIES IMPORTED_LOCATION ${SOCI_POSTGRESQL_LIBRARY})
target_link_libraries(SOCI::postgresql INTERFACE SOCI::core PostgreSQL::PostgreSQL)

# libargon2 (libargon2-dev) ships a pkg-config file on some systems and nothing on others: find the
# library and header directly, so the build does not depend on which.
find_path(ARGON2_INCLUDE_DIR argon2.h REQUIRED)
find_library(ARGON2_LIBRARY argon2 REQUIRED)
add_library(Argon2::argon2 UNKNOWN IMPORTED)
set_target_properties(Argon2::argon2 PROPERTIES IMPORTED_LOCATION ${ARGON2_LIBRARY})
target_include_directories(Argon2::argon2 INTERFACE ${ARGON2_INCLUDE_DIR})
target_link_libraries(Argon2::argon2 INTERFACE Threads::Threads)
