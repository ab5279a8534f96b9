#include <catch2/catch.hpp>

#include <random>

#include "sim/io/replay/decimal_step.hpp"
#include "sim/io/replay/market_units.hpp"

using namespace lmsim::sim::replay;
using Status = DecimalStep::Count::Status;

namespace {

std::pair<std::int64_t, int> decimal(std::string_view text) {
  const auto value = parse_decimal(text);
  REQUIRE(value.has_value());
  return {value->mantissa, value->exponent};
}

DecimalStep step(std::string_view text) {
  const auto value = DecimalStep::from_text(text);
  REQUIRE(value.has_value());
  return *value;
}

DecimalStep::Count count(const DecimalStep& size, std::string_view text) {
  const auto value = parse_decimal(text);
  REQUIRE(value.has_value());
  return size.count(*value);
}

}  // namespace

TEST_CASE("parse_decimal: exact mantissa and exponent, trailing zeros folded", "[replay]") {
  CHECK(decimal("61837.63") == std::pair<std::int64_t, int>{6183763, -2});
  CHECK(decimal("61837.630") == std::pair<std::int64_t, int>{6183763, -2});
  CHECK(decimal("2238200") == std::pair<std::int64_t, int>{22382, 2});
  CHECK(decimal("0.00001") == std::pair<std::int64_t, int>{1, -5});
  CHECK(decimal("1e-05") == std::pair<std::int64_t, int>{1, -5});
  CHECK(decimal("1.5E+3") == std::pair<std::int64_t, int>{15, 2});
  CHECK(decimal("-0.5") == std::pair<std::int64_t, int>{-5, -1});
  CHECK(decimal("0") == std::pair<std::int64_t, int>{0, 0});
  CHECK(decimal("0.000") == std::pair<std::int64_t, int>{0, 0});
  CHECK(decimal("100.5") == std::pair<std::int64_t, int>{1005, -1});
  CHECK(decimal("0.10000000000000000000000") == std::pair<std::int64_t, int>{1, -1});
  CHECK(decimal("123456789012345678") == std::pair<std::int64_t, int>{123456789012345678, 0});
}

TEST_CASE("parse_decimal: refuses anything but a plain decimal", "[replay]") {
  for (const char* text : {"", "-", ".", "+1", " 1", "1 ", "1.2.3", "1e", "1e+", "abc", "nan",
                           "inf", "0x10", "1,5", "1234567890123456789", "1e999"}) {
    INFO(text);
    CHECK_FALSE(parse_decimal(text).has_value());
  }
}

TEST_CASE("DecimalStep: counts whole steps exactly, never rounds", "[replay]") {
  const DecimalStep tick = step("0.01");
  CHECK(count(tick, "61837.63").steps == 6183763);
  CHECK(count(tick, "61837.6").steps == 6183760);
  CHECK(count(tick, "61837.630000").steps == 6183763);
  CHECK(count(tick, "-2.5").steps == -250);
  CHECK(count(tick, "0").steps == 0);
  CHECK(count(tick, "61837.635").status == Status::kNotWhole);
  CHECK(count(tick, "0.001").status == Status::kNotWhole);
  CHECK(count(tick, "1e17").status == Status::kOutOfRange);

  const DecimalStep lot = step("1e-8");
  CHECK(count(lot, "3.78826").steps == 378826000);
  CHECK(count(lot, "0.00000001").steps == 1);
  CHECK(count(lot, "0.000000001").status == Status::kNotWhole);

  // A step that is not a power of ten: 0.05 (a nickel tick).
  const DecimalStep nickel = step("0.05");
  CHECK(count(nickel, "1.15").steps == 23);
  CHECK(count(nickel, "1.17").status == Status::kNotWhole);
  CHECK(count(nickel, "1.1500").steps == 23);
  CHECK(count(nickel, "1e-30").status == Status::kNotWhole);

  // A step above one: lots of 100 shares.
  const DecimalStep round_lot = step("100");
  CHECK(count(round_lot, "2500").steps == 25);
  CHECK(count(round_lot, "2550").status == Status::kNotWhole);
}

TEST_CASE("DecimalStep: formats counts as exact decimals", "[replay]") {
  CHECK(step("0.01").format(6183763) == "61837.63");
  CHECK(step("0.01").format(6183760) == "61837.6");
  CHECK(step("0.01").format(5) == "0.05");
  CHECK(step("0.01").format(-250) == "-2.5");
  CHECK(step("0.01").format(0) == "0");
  CHECK(step("1e-8").text() == "0.00000001");
  CHECK(step("0.05").format(23) == "1.15");
  CHECK(step("100").format(25) == "2500");
  CHECK(step("1").format(INT64_MAX) == "9223372036854775807");
}

TEST_CASE("DecimalStep: from_double reads the shortest decimal of the double", "[replay]") {
  CHECK(DecimalStep::from_double(0.01)->text() == "0.01");
  CHECK(DecimalStep::from_double(1e-8)->text() == "0.00000001");
  CHECK(DecimalStep::from_double(0.1)->text() == "0.1");
  CHECK(DecimalStep::from_double(1.0)->text() == "1");
  CHECK_FALSE(DecimalStep::from_double(0.0));
  CHECK_FALSE(DecimalStep::from_double(-0.01));
  CHECK_FALSE(DecimalStep::from_text("0"));
  CHECK_FALSE(DecimalStep::from_text("-1"));
}

TEST_CASE("market_steps: unusable sizes are refused", "[replay]") {
  CHECK(market_steps({0.01, 1e-8}).tick.text() == "0.01");
  CHECK_THROWS_WITH(market_steps({0.0, 1e-8}),
                    "tick_size must be a positive finite number (got 0)");
  CHECK_THROWS_WITH(market_steps({0.01, -1.0}),
                    "lot_size must be a positive finite number (got -1)");
}

TEST_CASE("DecimalStep: the plain-digits fast path agrees with the general path", "[replay]") {
  std::mt19937_64 random(7);
  const char alphabet[] = "0123456789.0000";
  const std::vector<DecimalStep> steps{step("0.01"), step("1e-8"), step("0.05"), step("100"),
                                       step("1")};
  for (int i = 0; i < 50000; ++i) {
    std::string text;
    const std::uint64_t length = random() % 22;
    for (std::uint64_t j = 0; j < length; ++j) text += alphabet[random() % (sizeof alphabet - 1)];
    const int scale = static_cast<int>(random() % 9) - 4;
    for (const DecimalStep& size : steps) {
      const auto fast = size.count_plain(text, scale);
      auto value = parse_decimal(text);
      if (value) value->exponent += scale;
      const auto slow = value ? std::optional(size.count(*value)) : std::nullopt;
      INFO(text << " scale " << scale << " step " << size.text());
      if (fast) {
        REQUIRE(slow);
        REQUIRE(slow->status == Status::kWhole);
        REQUIRE(slow->steps == *fast);
      } else if (slow && slow->status == Status::kWhole && value->mantissa >= 0 &&
                 text.size() <= 18) {
        // The fast path may only give up on text it does not handle (or > 18 digits).
        FAIL("fast path refused a plain value the general path counts");
      }
    }
  }
}
