#pragma once

#include <cstdint>
#include <string>

namespace lmsim::engine {

// Numbers as lmsim's files and messages spell them: the shortest decimal text that reads back as
// exactly the same double (std::to_chars), so 0.3 prints as "0.3", never "0.29999999999999999".

/// The shortest decimal text that reads back as exactly `value` ("0.01", "20", "1e-07"); plain
/// digits for the magnitudes people type (1e-4 to 1e16), "nan", "inf" and "-inf" otherwise.
std::string format_number(double value);

/// `format_number` as a TOML float: always with a decimal point or an exponent ("20.0"), and
/// nan/inf spelled as TOML spells them, so the text reads back as a float and not an integer.
std::string format_float(double value);

/// The grid of whole ticks or lots: a step (a tick or lot size) as an exact decimal,
/// units × 10^−decimals, read from the step's
/// shortest text (0.01 is 1 × 10^−2, 0.05 is 5 × 10^−2, 2.5 is 25 × 10^−1). Whole numbers of
/// steps (or of half steps, for a mid) then have an exact decimal value, which `text` spells and
/// `value` gives as the double nearest to it — the double that reading `text` back gives — where
/// count × step in binary would not (22395 × 0.01 is 223.95000000000002; 223.95 is not). (The
/// replay readers' replay::DecimalStep does the opposite: decimal text to whole steps.)
class DecimalGrid {
 public:
  explicit DecimalGrid(double step);

  /// count / divisor steps (divisor 1, or 2 for half steps) as the double nearest to its exact
  /// decimal value; count × step / divisor when that value has more than 15 digits.
  double value(std::int64_t count, int divisor = 1) const;
  /// The exact decimal text of count / divisor steps without trailing zeros ("223.95", "100",
  /// "-0.005"); format_number of `value` when the value has more than 15 digits.
  std::string text(std::int64_t count, int divisor = 1) const;

 private:
  /// count / divisor steps as units × 10^−decimals, when both fit (|units| < 2^53).
  bool scaled(std::int64_t count, int divisor, std::int64_t& units, int& decimals) const;

  double step_;
  std::int64_t units_ = 0;
  int decimals_ = 0;
  bool exact_ = false;
};

}  // namespace lmsim::engine
