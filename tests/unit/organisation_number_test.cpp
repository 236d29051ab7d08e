#include <catch2/catch.hpp>

#include "core/domain/organisation_number.hpp"

using facilitator::core::is_valid_organisation_number;
using facilitator::core::normalise_organisation_number;

TEST_CASE("Real organisation numbers are accepted", "[domain][orgnr]") {
  CHECK(is_valid_organisation_number("923609016"));  // Equinor ASA
  CHECK(is_valid_organisation_number("974760673"));  // Brønnøysundregistrene
  CHECK(is_valid_organisation_number("938801363"));  // Moss kommune
}

TEST_CASE("Organisation numbers written in groups are normalised", "[domain][orgnr]") {
  CHECK(normalise_organisation_number("923 609 016") == std::optional<std::string>("923609016"));
}

TEST_CASE("Near misses of valid organisation numbers are rejected", "[domain][orgnr]") {
  CHECK_FALSE(is_valid_organisation_number("923609017"));   // wrong check digit
  CHECK_FALSE(is_valid_organisation_number("92360901"));    // eight digits
  CHECK_FALSE(is_valid_organisation_number("9236090160"));  // ten digits
  CHECK_FALSE(is_valid_organisation_number("92360901a"));
  CHECK_FALSE(is_valid_organisation_number(""));
}
