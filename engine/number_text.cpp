#include "engine/number_text.hpp"

#include <charconv>
#include <cmath>

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

}  // namespace lmsim::engine
