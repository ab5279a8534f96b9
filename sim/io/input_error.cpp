#include "sim/io/input_error.hpp"

#include <cstdio>

namespace lmsim::sim::io {

namespace {

std::string describe(const InputLocation& location, const std::string& problem) {
  std::string text = location.file;
  if (location.line > 0) {
    text += ':' + std::to_string(location.line);
    if (location.column > 0) text += ':' + std::to_string(location.column);
  }
  if (!text.empty()) text += ": ";
  if (!location.key.empty()) text += location.key + ": ";
  return text + problem;
}

}  // namespace

InputError::InputError(InputLocation location, const std::string& problem)
    : std::runtime_error(describe(location, problem)),
      location_(std::move(location)),
      problem_(problem) {}

std::string quoted(std::string_view value) {
  constexpr std::size_t kMaxShown = 60;
  std::string text = "\"";
  for (std::size_t i = 0; i < value.size() && i < kMaxShown; ++i) {
    const char c = value[i];
    if (c == '"' || c == '\\') {
      text += '\\';
      text += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(c));
      text += escaped;
    } else {
      text += c;
    }
  }
  if (value.size() > kMaxShown) text += "...";
  return text + "\"";
}

}  // namespace lmsim::sim::io
