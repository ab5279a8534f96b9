#include <catch2/catch.hpp>
#include <limits>

#include "analysis/report_format.hpp"

using namespace lmsim::analysis;

TEST_CASE("html_escape: the five characters that matter in HTML", "[report_format]") {
  CHECK(html_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(html_escape("plain ✓") == "plain ✓");
}

TEST_CASE("format_fixed: decimals, thousands separators, no negative zero", "[report_format]") {
  CHECK(format_fixed(1234567.891, 2) == "1,234,567.89");
  CHECK(format_fixed(-1234.5, 1) == "-1,234.5");
  CHECK(format_fixed(999.999, 2) == "1,000.00");
  CHECK(format_fixed(12.0, 0) == "12");
  CHECK(format_fixed(-0.0001, 2) == "0.00");
  CHECK(format_fixed(std::numeric_limits<double>::quiet_NaN(), 2) == "\u2014");
  CHECK(format_fixed(std::numeric_limits<double>::infinity(), 2) == "\u221e");
}

TEST_CASE("format_significant: significant digits, scientific for extremes", "[report_format]") {
  CHECK(format_significant(938.4123, 4) == "938.4");
  CHECK(format_significant(14400.0, 6) == "14,400.0");
  CHECK(format_significant(0.006944444, 4) == "0.006944");
  CHECK(format_significant(0.0, 4) == "0");
  CHECK(format_significant(1.234e-7, 3) == "1.23e-07");
}

TEST_CASE("format_compact and format_percent", "[report_format]") {
  CHECK(format_compact(1.0) == "1");
  CHECK(format_compact(0.1 + 0.2) == "0.3");
  CHECK(format_compact(100.0 * 0.005) == "0.5");
  CHECK(format_compact(2500.0) == "2500");
  CHECK(format_percent(0.1234) == "12.34%");
  CHECK(format_percent(0.5, 0) == "50%");
}
