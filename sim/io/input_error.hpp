#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lmsim::sim::io {

/// Where in an input a problem was found: a file, and when known the 1-based line and column and
/// the TOML key path (or CSV column name). Zero line/column and an empty key mean "not known".
struct InputLocation {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string key;
};

/// The one exception type for problems in what the user gave lmsim — configuration, data files,
/// command-line values. Its message reads `file:line:col: key.path: what is wrong (got X)`, so
/// the CLI can print it as is and exit with status 2.
class InputError : public std::runtime_error {
 public:
  InputError(InputLocation location, const std::string& problem);

  const InputLocation& location() const { return location_; }
  const std::string& problem() const { return problem_; }

 private:
  InputLocation location_;
  std::string problem_;
};

/// Quotes a value for an error message: `"abc"`, with control characters escaped and very long
/// values shortened so that one bad row cannot flood the terminal.
std::string quoted(std::string_view value);
/// The same for a string or literal: exact matches, so that std::quoted (found by argument-
/// dependent lookup wherever <iomanip> is included) is never the better candidate.
inline std::string quoted(const std::string& value) {
  return quoted(std::string_view(value));
}
inline std::string quoted(const char* value) {
  return quoted(std::string_view(value));
}

}  // namespace lmsim::sim::io
