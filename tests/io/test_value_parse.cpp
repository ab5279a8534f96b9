#include <catch2/catch.hpp>

#include "sim/io/value_parse.hpp"

using namespace lmsim::sim;
using namespace lmsim::sim::io;
using lmsim::engine::kNanosPerDay;
using lmsim::engine::kNanosPerSecond;

TEST_CASE("parse_duration: units, fractions and rejects", "[value_parse]") {
  CHECK(parse_duration("250ms") == 250'000'000);
  CHECK(parse_duration("60s") == 60 * kNanosPerSecond);
  CHECK(parse_duration("30m") == 1800 * kNanosPerSecond);
  CHECK(parse_duration("7d") == 7 * kNanosPerDay);
  CHECK(parse_duration("1w") == 7 * kNanosPerDay);
  CHECK(parse_duration("1.5h") == 5400 * kNanosPerSecond);
  CHECK(parse_duration("30.4375d") == 2'629'800 * kNanosPerSecond);
  CHECK(parse_duration("5us") == 5'000);
  CHECK(parse_duration("7ns") == 7);
  CHECK(parse_duration("0s") == 0);
  CHECK(parse_duration("6h30m") == 23'400 * kNanosPerSecond);
  CHECK(parse_duration("1d2h3m4s5ms") == ((26 * 60 + 3) * 60 + 4) * kNanosPerSecond + 5'000'000);
  CHECK_FALSE(parse_duration("6h30"));
  CHECK_FALSE(parse_duration("h30m"));
  CHECK_FALSE(parse_duration("60"));
  CHECK_FALSE(parse_duration("s"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("5 s"));
  CHECK_FALSE(parse_duration("1.5ns"));
  CHECK_FALSE(parse_duration("5x"));
  CHECK_FALSE(parse_duration("99999999999999999999d"));
  CHECK_FALSE(parse_duration("1e3s"));
}

TEST_CASE("parse_timestamp: ISO-8601 UTC and integer nanoseconds", "[value_parse]") {
  const auto base = parse_timestamp("2020-02-04T00:00:37Z");
  REQUIRE(base);
  CHECK(*base == 1'580'774'437 * kNanosPerSecond);
  CHECK(parse_timestamp("1580774437000000000") == *base);
  CHECK(parse_timestamp("2020-02-04 00:00:37Z") == *base);
  CHECK(parse_timestamp("2020-02-04T00:00:37.5Z") == *base + 500'000'000);
  CHECK(parse_timestamp("2020-02-04T00:00:37.000000001Z") == *base + 1);
  CHECK(parse_timestamp("2020-02-04T01:00:37+01:00") == *base);
  CHECK(parse_timestamp("2020-02-03T23:00:37-01:00") == *base);
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp("2024-02-29T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("2023-02-29T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("2020-02-04T00:00:37"));  // no zone: would be a guess
  CHECK_FALSE(parse_timestamp("2020-02-04T24:00:00Z"));
  CHECK_FALSE(parse_timestamp("2020-02-04T00:00:37.1234567891Z"));
  CHECK_FALSE(parse_timestamp("2020-02-04T00:00:37.Z"));
  CHECK_FALSE(parse_timestamp("2020-02-04T00:00:37Zjunk"));
  CHECK_FALSE(parse_timestamp("yesterday"));
  CHECK_FALSE(parse_timestamp(""));
}

TEST_CASE("format_timestamp: round trips with the fewest fractional digits", "[value_parse]") {
  for (const char* text : {"2020-02-04T00:00:37Z", "2020-02-04T00:00:37.250Z",
                           "2020-02-04T00:00:37.000250Z", "2020-02-04T00:00:37.000000001Z",
                           "1969-12-31T23:59:59.999999999Z", "2261-12-31T23:59:59Z"}) {
    const auto value = parse_timestamp(text);
    REQUIRE(value);
    CHECK(format_timestamp(*value) == text);
  }
}

TEST_CASE("format_duration: largest units first, up to days; reads back", "[value_parse]") {
  CHECK(format_duration(60 * kNanosPerSecond) == "1m");
  CHECK(format_duration(7 * kNanosPerDay) == "7d");
  CHECK(format_duration(90 * kNanosPerSecond) == "1m30s");
  CHECK(format_duration(23'400 * kNanosPerSecond) == "6h30m");
  CHECK(format_duration(250'000'000) == "250ms");
  CHECK(format_duration(1'500'000'001) == "1s500ms1ns");
  CHECK(format_duration(0) == "0s");
  for (const Nanos value :
       {Nanos{1}, Nanos{999}, Nanos{86'400'000'000'123}, 7 * kNanosPerDay + 1}) {
    CHECK(parse_duration(format_duration(value)) == value);
  }
}

TEST_CASE("parse_number and parse_integer: whole field, finite", "[value_parse]") {
  CHECK(parse_number("12.5") == 12.5);
  CHECK(parse_number("-3") == -3.0);
  CHECK(parse_number("1e-4") == 1e-4);
  CHECK_FALSE(parse_number("12.5x"));
  CHECK_FALSE(parse_number(" 12"));
  CHECK_FALSE(parse_number("+1"));
  CHECK_FALSE(parse_number("nan"));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number(""));
  CHECK(parse_integer("42") == 42);
  CHECK_FALSE(parse_integer("4.2"));
  CHECK_FALSE(parse_integer("99999999999999999999"));
  CHECK(format_number(0.01) == "0.01");
}

TEST_CASE("trim: leading and trailing spaces and tabs go, inner ones stay", "[value_parse]") {
  CHECK(trim("  12.5 \t") == "12.5");
  CHECK(trim("a b") == "a b");
  CHECK(trim("\t \t").empty());
  CHECK(trim("").empty());
  CHECK(trim("x\n") == "x\n");  // only blanks, not line ends
}
