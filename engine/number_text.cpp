#include "engine/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lmsim::engine {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Plain digits for the magnitudes people type ("20000000000", not "2e+10"); the shortest of
  // either form elsewhere.
  const double magnitude = std::abs(value);
  const bool plain = magnitude == 0.0 || (magnitude >= 1e-4 && magnitude < 1e16);
  char buffer[64];
  const auto result =
      plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
            : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_float(double value) {
  std::string number = format_number(value);
  if (std::isfinite(value) && number.find_first_of(".eE") == std::string::npos) number += ".0";
  return number;
}

DecimalGrid::DecimalGrid(double step) : step_(step) {
  // The shortest digits that read back as `step`, as units and a power of ten.
  if (!(step > 0.0) || !std::isfinite(step)) return;
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, step, std::chars_format::scientific);
  const std::string text(buffer, result.ptr);  // "d.ddde±x"
  const auto exponent_at = text.find('e');
  std::string digits;
  for (std::size_t i = 0; i < exponent_at; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  const int exponent = std::stoi(text.substr(exponent_at + 1));
  // step = digits × 10^(exponent − (digits − 1)).
  int power = exponent - static_cast<int>(digits.size() - 1);
  if (digits.size() > 15) return;
  std::int64_t units = std::stoll(digits);
  while (power > 0) {
    units *= 10;
    --power;
  }
  if (-power > 18) return;
  units_ = units;
  decimals_ = -power;
  exact_ = true;
}

bool DecimalGrid::scaled(std::int64_t count, int divisor, std::int64_t& units,
                         int& decimals) const {
  if (!exact_ || (divisor != 1 && divisor != 2)) return false;
  constexpr std::int64_t kLimit = std::int64_t{1} << 53;
  if (count != 0 && std::abs(count) > kLimit / (units_ * 5)) return false;
  units = count * units_;
  decimals = decimals_;
  if (divisor == 2) {
    // x / 2 = 5x / 10.
    units *= 5;
    ++decimals;
  }
  while (decimals > 0 && units % 10 == 0) {
    units /= 10;
    --decimals;
  }
  return decimals <= 22;
}

double DecimalGrid::value(std::int64_t count, int divisor) const {
  std::int64_t units = 0;
  int decimals = 0;
  if (!scaled(count, divisor, units, decimals)) {
    return static_cast<double>(count) * step_ / divisor;
  }
  // Both operands are exact doubles, so the quotient is correctly rounded: the nearest double.
  double scale = 1.0;
  for (int i = 0; i < decimals; ++i) scale *= 10.0;
  return static_cast<double>(units) / scale;
}

std::string DecimalGrid::text(std::int64_t count, int divisor) const {
  std::int64_t units = 0;
  int decimals = 0;
  if (!scaled(count, divisor, units, decimals)) return format_number(value(count, divisor));
  const bool negative = units < 0;
  std::string digits = std::to_string(negative ? -units : units);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals)) {
      digits.insert(0, static_cast<std::size_t>(decimals) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), ".");
  }
  return (negative ? "-" : "") + digits;
}

}  // namespace lmsim::engine
