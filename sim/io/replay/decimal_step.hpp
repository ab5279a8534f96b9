#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lmsim::sim::replay {

/// A decimal number held exactly: `mantissa` × 10^`exponent`. Trailing zeros are folded into
/// the exponent, so "61837.630" and "61837.63" give the same pair (6183763, -2).
struct Decimal {
  std::int64_t mantissa = 0;
  int exponent = 0;
};

/// Parses decimal text exactly: an optional '-', digits with an optional '.' and fraction, and
/// an optional exponent ("61837.63", "-0.5", "1e-05", "2238200"). Nullopt for anything else
/// (empty text, '+', spaces, "nan", a lone '.') and for more than 18 significant digits.
std::optional<Decimal> parse_decimal(std::string_view text);

/// A tick or lot size held exactly as a decimal, and the exact conversion of recorded decimal
/// values into whole numbers of it. Integer arithmetic only: a value is a whole number of steps
/// or it is not, and nothing is ever rounded.
class DecimalStep {
 public:
  /// The outcome of `count`: the whole number of steps, or why there is none.
  struct Count {
    enum class Status : std::uint8_t { kWhole, kNotWhole, kOutOfRange };
    std::int64_t steps = 0;
    Status status = Status::kWhole;
  };

  /// The step named by `size`'s shortest decimal text (0.01 → "0.01"); nullopt unless `size` is
  /// positive and finite.
  static std::optional<DecimalStep> from_double(double size);
  /// The step named by decimal text such as "0.01"; nullopt unless it is a positive decimal.
  static std::optional<DecimalStep> from_text(std::string_view text);

  /// How many steps `value` is (negative values give negative counts). kNotWhole when it lies
  /// between two multiples; kOutOfRange when the count does not fit in 63 bits.
  Count count(Decimal value) const;
  /// The fast path of `count` for the common text: unsigned digits with at most one '.', read
  /// as that decimal times 10^scale_exponent. The whole number of steps, or nullopt for any
  /// other text or a value that is not whole — the caller then takes the general path, which
  /// says what is wrong.
  std::optional<std::int64_t> count_plain(std::string_view text, int scale_exponent = 0) const;
  /// The exact decimal text of `steps` × step ("61837.63" for 6183763 steps of 0.01).
  std::string format(std::int64_t steps) const;
  /// The step itself as text ("0.01", "0.00000001").
  std::string text() const { return format(1); }

 private:
  DecimalStep(std::int64_t mantissa, int exponent) : mantissa_(mantissa), exponent_(exponent) {}

  std::int64_t mantissa_;
  int exponent_;
};

}  // namespace lmsim::sim::replay
