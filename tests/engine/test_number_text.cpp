#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/number_text.hpp"

using namespace lmsim::engine;

TEST_CASE("DecimalGrid: whole ticks spelt as exact decimals", "[number_text]") {
  const DecimalGrid cent(0.01);
  // 22395 × 0.01 in binary is 223.95000000000002; the exact value is 223.95.
  CHECK(22395 * 0.01 != 223.95);
  CHECK(cent.text(22395) == "223.95");
  CHECK(cent.value(22395) == 223.95);
  CHECK(cent.text(10000) == "100");
  CHECK(cent.text(5) == "0.05");
  CHECK(cent.text(-7) == "-0.07");
  CHECK(cent.text(0) == "0");
  // Half ticks (mids): one more decimal.
  CHECK(cent.text(22395 + 22396, 2) == "223.955");
  CHECK(cent.value(22395 + 22396, 2) == 223.955);
  CHECK(cent.text(200, 2) == "1");
  // Steps that are not powers of ten, and steps above one.
  CHECK(DecimalGrid(0.05).text(4479) == "223.95");
  CHECK(DecimalGrid(2.5).text(3) == "7.5");
  CHECK(DecimalGrid(100.0).text(3) == "300");
  CHECK(DecimalGrid(1e-8).text(123456789) == "1.23456789");
  CHECK(DecimalGrid(1e-8).value(123456789) == 1.23456789);
}

TEST_CASE("DecimalGrid: values it cannot hold exactly fall back to binary", "[number_text]") {
  // 1/3 has no short decimal: count × step, spelt as the shortest text of that double.
  const DecimalGrid third(1.0 / 3.0);
  CHECK(third.value(3) == 3 * (1.0 / 3.0));
  CHECK(third.text(3) == format_number(3 * (1.0 / 3.0)));
  // More than 2^53 units.
  const DecimalGrid cent(0.01);
  CHECK(cent.value(std::int64_t{1} << 60) == static_cast<double>(std::int64_t{1} << 60) * 0.01);
}
