#include "sim/io/replay/decimal_step.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace lmsim::sim::replay {

namespace {

constexpr int kMaxPower = 18;

constexpr std::array<std::int64_t, kMaxPower + 1> kPowersOfTen = [] {
  std::array<std::int64_t, kMaxPower + 1> powers{};
  powers[0] = 1;
  for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}();

// Wide enough for any count times any step mantissa (both below 2^63).
__extension__ typedef __int128 Wide;
__extension__ typedef unsigned __int128 WideUnsigned;

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view text) {
  const char* position = text.data();
  const char* const end = position + text.size();
  const bool negative = position != end && *position == '-';
  if (negative) ++position;
  // Zeros after the last non-zero digit are only counted, not multiplied in, so that trailing
  // zeros ("0.10000000000000000000") never overflow the mantissa.
  std::int64_t mantissa = 0;
  int pending_zeros = 0;
  int significant = 0;
  int fraction_digits = 0;
  int digits = 0;
  bool in_fraction = false;
  for (; position != end; ++position) {
    const char c = *position;
    if (c == '.') {
      if (in_fraction) return std::nullopt;
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    ++digits;
    if (in_fraction) ++fraction_digits;
    if (c == '0') {
      ++pending_zeros;
      continue;
    }
    if (mantissa != 0) significant += pending_zeros;
    significant += 1;
    if (significant > kMaxPower) return std::nullopt;
    mantissa =
        mantissa * kPowersOfTen[static_cast<std::size_t>(mantissa != 0 ? pending_zeros + 1 : 1)] +
        (c - '0');
    pending_zeros = 0;
  }
  if (digits == 0) return std::nullopt;
  int exponent = 0;
  if (position != end) {
    if (*position != 'e' && *position != 'E') return std::nullopt;
    ++position;
    if (position != end && *position == '+') ++position;
    const auto [after, error] = std::from_chars(position, end, exponent);
    if (error != std::errc{} || after != end || after == position) return std::nullopt;
    if (exponent > 400 || exponent < -400) return std::nullopt;
  }
  if (mantissa == 0) return Decimal{0, 0};
  return Decimal{negative ? -mantissa : mantissa, exponent + pending_zeros - fraction_digits};
}

std::optional<DecimalStep> DecimalStep::from_double(double size) {
  if (!std::isfinite(size) || !(size > 0.0)) return std::nullopt;
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, size);
  return from_text(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
}

std::optional<DecimalStep> DecimalStep::from_text(std::string_view text) {
  const auto value = parse_decimal(text);
  if (!value || value->mantissa <= 0 || value->exponent < -kMaxPower ||
      value->exponent > kMaxPower) {
    return std::nullopt;
  }
  return DecimalStep(value->mantissa, value->exponent);
}

DecimalStep::Count DecimalStep::count(Decimal value) const {
  using Status = Count::Status;
  if (value.mantissa == 0) return {0, Status::kWhole};
  // value / step = mantissa × 10^shift / mantissa_.
  const int shift = value.exponent - exponent_;
  if (shift >= 0) {
    std::int64_t scaled = 0;
    if (shift > kMaxPower ||
        __builtin_mul_overflow(value.mantissa, kPowersOfTen[static_cast<std::size_t>(shift)],
                               &scaled)) {
      return {0, Status::kOutOfRange};
    }
    if (mantissa_ != 1 && scaled % mantissa_ != 0) return {0, Status::kNotWhole};
    return {scaled / mantissa_, Status::kWhole};
  }
  // More decimals than the step has: whole only if the extra digits divide out. A divisor too
  // large for 63 bits exceeds every non-zero mantissa, which then cannot be a whole count.
  std::int64_t divisor = 0;
  if (-shift > kMaxPower ||
      __builtin_mul_overflow(mantissa_, kPowersOfTen[static_cast<std::size_t>(-shift)], &divisor) ||
      value.mantissa % divisor != 0) {
    return {0, Status::kNotWhole};
  }
  return {value.mantissa / divisor, Status::kWhole};
}

std::optional<std::int64_t> DecimalStep::count_plain(std::string_view text,
                                                     int scale_exponent) const {
  std::int64_t digits = 0;
  int digit_count = 0;
  int fraction_digits = 0;
  bool in_fraction = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      if (++digit_count > kMaxPower) return std::nullopt;
      digits = digits * 10 + (c - '0');
      fraction_digits += in_fraction;
    } else if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else {
      return std::nullopt;
    }
  }
  if (digit_count == 0) return std::nullopt;
  // value / step = digits × 10^shift / mantissa_.
  const int shift = scale_exponent - fraction_digits - exponent_;
  std::int64_t scaled = digits;
  if (shift > 0) {
    if (shift > kMaxPower ||
        __builtin_mul_overflow(digits, kPowersOfTen[static_cast<std::size_t>(shift)], &scaled)) {
      return std::nullopt;
    }
  } else if (shift < 0) {
    if (-shift > kMaxPower) return std::nullopt;
    const std::int64_t divisor = kPowersOfTen[static_cast<std::size_t>(-shift)];
    if (digits % divisor != 0) return std::nullopt;
    scaled = digits / divisor;
  }
  if (mantissa_ != 1) {
    if (scaled % mantissa_ != 0) return std::nullopt;
    scaled /= mantissa_;
  }
  return scaled;
}

std::string DecimalStep::format(std::int64_t steps) const {
  const Wide product = static_cast<Wide>(steps) * mantissa_;
  const bool negative = product < 0;
  WideUnsigned magnitude =
      negative ? static_cast<WideUnsigned>(-product) : static_cast<WideUnsigned>(product);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (exponent_ >= 0) {
    if (digits != "0") digits.append(static_cast<std::size_t>(exponent_), '0');
  } else {
    const auto decimals = static_cast<std::size_t>(-exponent_);
    if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
    digits.insert(digits.size() - decimals, 1, '.');
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return negative ? "-" + digits : digits;
}

}  // namespace lmsim::sim::replay
