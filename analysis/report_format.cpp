#include "analysis/report_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lmsim::analysis {

namespace {

/// Inserts ',' every three digits in the integer part of a plain decimal number.
std::string group_thousands(const std::string& number) {
  const std::size_t sign = (!number.empty() && number[0] == '-') ? 1 : 0;
  std::size_t integer_end = number.find('.');
  if (integer_end == std::string::npos) integer_end = number.size();
  std::string result = number.substr(0, sign);
  const std::size_t digits = integer_end - sign;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) result += ',';
    result += number[sign + i];
  }
  return result + number.substr(integer_end);
}

/// Drops the sign of a number that printed as zero ("-0.00" → "0.00").
std::string without_negative_zero(std::string text) {
  if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.,") == std::string::npos) {
    text.erase(0, 1);
  }
  return text;
}

std::string special(double value) {
  if (std::isnan(value)) return std::string(kUndefined);
  return value > 0 ? "\u221e" : "\u2212\u221e";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        result += "&amp;";
        break;
      case '<':
        result += "&lt;";
        break;
      case '>':
        result += "&gt;";
        break;
      case '"':
        result += "&quot;";
        break;
      case '\'':
        result += "&#39;";
        break;
      default:
        result += c;
    }
  }
  return result;
}

std::string format_fixed(double value, int decimals) {
  if (!std::isfinite(value)) return special(value);
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return without_negative_zero(group_thousands(buffer));
}

std::string format_significant(double value, int significant) {
  if (!std::isfinite(value)) return special(value);
  if (value == 0.0) return "0";
  const double magnitude = std::fabs(value);
  char buffer[512];
  if (magnitude < 1e-4 || magnitude >= 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.*e", significant - 1, value);
    return buffer;
  }
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const int decimals = std::max(0, significant - 1 - exponent);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return without_negative_zero(group_thousands(buffer));
}

std::string format_compact(double value) {
  if (!std::isfinite(value)) return special(value);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return without_negative_zero(buffer);
}

std::string format_percent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return special(fraction);
  return format_fixed(fraction * 100.0, decimals) + "%";
}

}  // namespace lmsim::analysis
