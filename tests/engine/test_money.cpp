#include <catch2/catch.hpp>
#include <limits>

#include "engine/money.hpp"

using namespace lmsim::engine;

TEST_CASE("even_share: parts sum to the total and differ by at most one", "[money]") {
  for (const BaseUnits total : {BaseUnits{0}, BaseUnits{1}, BaseUnits{7}, BaseUnits{20'000'000'000},
                                std::numeric_limits<BaseUnits>::max()}) {
    for (const std::int64_t steps : {1, 3, 10, 43'200}) {
      BaseUnits sum = 0;
      BaseUnits low = std::numeric_limits<BaseUnits>::max();
      BaseUnits high = 0;
      for (std::int64_t i = 0; i < steps; ++i) {
        const BaseUnits part = even_share(total, steps, i);
        sum += part;
        low = std::min(low, part);
        high = std::max(high, part);
      }
      CAPTURE(total, steps);
      CHECK(sum == total);
      CHECK(high - low <= 1);
    }
  }
}

TEST_CASE("even_share: odd units are spread through the sequence, not piled at its start",
          "[money]") {
  // 5 units over 10 steps: every other step gets one.
  std::vector<BaseUnits> parts;
  for (int i = 0; i < 10; ++i) parts.push_back(even_share(5, 10, i));
  CHECK(parts == std::vector<BaseUnits>{0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
}

TEST_CASE("cumulative_even_share: range sums are differences", "[money]") {
  CHECK(cumulative_even_share(100, 7, 0) == 0);
  CHECK(cumulative_even_share(100, 7, 7) == 100);
  CHECK(cumulative_even_share(100, 7, 3) - cumulative_even_share(100, 7, 1) ==
        even_share(100, 7, 1) + even_share(100, 7, 2));
  CHECK_THROWS_AS(cumulative_even_share(-1, 7, 0), std::invalid_argument);
  CHECK_THROWS_AS(cumulative_even_share(1, 7, 8), std::invalid_argument);
}

TEST_CASE("fraction_floor: exact for pools beyond 2^53", "[money]") {
  CHECK(fraction_floor(9, 0.5) == 4);
  CHECK(fraction_floor(10, 1.0) == 10);
  CHECK(fraction_floor(10, 0.0) == 0);
  CHECK(fraction_floor(100, 0.3) == 30);  // 0.3 is read as 3/10, not as its double below it
  CHECK(fraction_floor(99, 1.0 / 3.0) == 32);
  const BaseUnits big = (BaseUnits{1} << 60) + 1;
  CHECK(fraction_floor(big, 0.5) == (BaseUnits{1} << 59));
  CHECK_THROWS_AS(fraction_floor(10, 1.5), std::invalid_argument);
}

TEST_CASE("parse_token_amount: decimal text to base units, exactly", "[money]") {
  CHECK(parse_token_amount("20", 9) == BaseUnits{20'000'000'000});
  CHECK(parse_token_amount("0.3", 18) == BaseUnits{300'000'000'000'000'000});
  CHECK(parse_token_amount("1.50", 1) == BaseUnits{15});
  CHECK(parse_token_amount(".5", 2) == BaseUnits{50});
  CHECK_FALSE(parse_token_amount("0.001", 2));  // more decimals than the token has
  CHECK_FALSE(parse_token_amount("10", 18));    // 10^19 does not fit an int64
  CHECK_FALSE(parse_token_amount("-1", 2));
  CHECK_FALSE(parse_token_amount("1e3", 2));
  CHECK_FALSE(parse_token_amount("", 2));
  CHECK_FALSE(parse_token_amount(".", 2));
}

TEST_CASE("tokens_to_base_units: reads a double as the decimal it was written as", "[money]") {
  CHECK(tokens_to_base_units(0.3, 18) == BaseUnits{300'000'000'000'000'000});
  CHECK(tokens_to_base_units(20.0, 9) == BaseUnits{20'000'000'000});
  CHECK(tokens_to_base_units(4383.0, 2) == BaseUnits{438'300});
  CHECK_FALSE(tokens_to_base_units(0.1234, 3));
  CHECK_FALSE(tokens_to_base_units(1e300, 0));
}

TEST_CASE("format_token_amount: fixed decimals, exact", "[money]") {
  CHECK(format_token_amount(20'000'000'000, 9) == "20.000000000");
  CHECK(format_token_amount(462'963, 9) == "0.000462963");
  CHECK(format_token_amount(5, 0) == "5");
  CHECK(format_token_amount(-15, 1) == "-1.5");
  CHECK(format_token_amount(std::numeric_limits<BaseUnits>::min(), 18) == "-9.223372036854775808");
}
