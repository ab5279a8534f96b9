#include "engine/money.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lmsim::engine {

namespace {

// 128-bit intermediates keep products of two int64 values exact; `__extension__` marks the
// deliberate use of the GCC/Clang type under -Wpedantic.
__extension__ typedef __int128 Int128;

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(what);
}

}  // namespace

BaseUnits cumulative_even_share(BaseUnits total, std::int64_t steps, std::int64_t index) {
  require(total >= 0 && steps > 0 && index >= 0 && index <= steps,
          "cumulative_even_share: needs total >= 0, steps > 0, 0 <= index <= steps");
  // 128-bit product: index·total can exceed int64 although the quotient never does.
  const Int128 product = static_cast<Int128>(index) * total;
  return static_cast<BaseUnits>(product / steps);
}

BaseUnits even_share(BaseUnits total, std::int64_t steps, std::int64_t index) {
  require(index >= 0 && index < steps, "even_share: needs 0 <= index < steps");
  return cumulative_even_share(total, steps, index + 1) -
         cumulative_even_share(total, steps, index);
}

BaseUnits fraction_floor(BaseUnits amount, double fraction) {
  require(amount >= 0 && fraction >= 0.0 && fraction <= 1.0,
          "fraction_floor: needs amount >= 0 and fraction in [0, 1]");
  // A fraction such as bid_share = 0.3 was written as a decimal; its double lies just below
  // 3/10, and flooring amount × double would shave a unit off round results (100 × 0.3 → 29).
  // So the fraction is read back as the shortest decimal that round-trips, and applied exactly.
  char buffer[400];
  const auto printed =
      std::to_chars(buffer, buffer + sizeof buffer, fraction, std::chars_format::fixed);
  const std::string_view text(buffer, static_cast<std::size_t>(printed.ptr - buffer));
  const std::size_t point = text.find('.');
  const std::string_view digits = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (printed.ec == std::errc{} && digits.size() <= 18) {
    Int128 numerator = text[0] - '0';  // 0 or 1
    Int128 denominator = 1;
    for (const char c : digits) {
      numerator = numerator * 10 + (c - '0');
      denominator *= 10;
    }
    return static_cast<BaseUnits>(static_cast<Int128>(amount) * numerator / denominator);
  }
  // Fractions with more than 18 decimals are not typed by people: use the double as it is.
  const long double product = static_cast<long double>(amount) * static_cast<long double>(fraction);
  const auto floored = static_cast<BaseUnits>(std::floor(product));
  return floored > amount ? amount : floored;
}

BaseUnits base_units_per_token(int decimals) {
  require(decimals >= 0 && decimals <= kMaxRewardDecimals,
          "base_units_per_token: decimals must be in [0, 18]");
  BaseUnits scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  return scale;
}

std::optional<BaseUnits> parse_token_amount(std::string_view decimal, int decimals) {
  if (decimals < 0 || decimals > kMaxRewardDecimals || decimal.empty()) return std::nullopt;
  const std::size_t point = decimal.find('.');
  const std::string_view whole = decimal.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : decimal.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  // Trailing zeros carry no value, so "1.50" is fine with one decimal.
  std::string_view significant = fraction;
  while (!significant.empty() && significant.back() == '0') significant.remove_suffix(1);
  if (static_cast<int>(significant.size()) > decimals) return std::nullopt;

  Int128 value = 0;
  constexpr Int128 kLimit = std::numeric_limits<BaseUnits>::max();
  const auto append_digits = [&](std::string_view digits) {
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
      if (value > kLimit) return false;
    }
    return true;
  };
  if (!append_digits(whole) || !append_digits(significant)) return std::nullopt;
  for (int i = static_cast<int>(significant.size()); i < decimals; ++i) {
    value *= 10;
    if (value > kLimit) return std::nullopt;
  }
  return static_cast<BaseUnits>(value);
}

std::optional<BaseUnits> tokens_to_base_units(double tokens, int decimals) {
  if (!std::isfinite(tokens) || tokens < 0.0) return std::nullopt;
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, tokens, std::chars_format::fixed);
  if (result.ec != std::errc{}) return std::nullopt;
  return parse_token_amount(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)),
                            decimals);
}

std::string format_token_amount(BaseUnits amount, int decimals) {
  const BaseUnits scale = base_units_per_token(decimals);
  const bool negative = amount < 0;
  // Work in unsigned so that the most negative int64 formats too.
  const auto magnitude = negative ? static_cast<std::uint64_t>(-(amount + 1)) + 1u
                                  : static_cast<std::uint64_t>(amount);
  const auto unsigned_scale = static_cast<std::uint64_t>(scale);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / unsigned_scale);
  if (decimals > 0) {
    std::string fraction = std::to_string(magnitude % unsigned_scale);
    text += '.';
    text.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    text += fraction;
  }
  return text;
}

}  // namespace lmsim::engine
