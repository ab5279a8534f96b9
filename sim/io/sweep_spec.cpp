#include "sim/io/sweep_spec.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/io/input_error.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

constexpr int kMaxSteps = 100'000;

/// Splits a value list at the commas outside quotes and brackets.
std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> values;
  std::string current;
  char quote = 0;
  int depth = 0;
  for (const char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      values.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  values.push_back(current);
  return values;
}

/// The values of a range "LO:HI:STEPS" or "log:LO:HI:STEPS"; nullopt when `text` is not one.
/// Throws `fail(problem)` for a malformed one.
template <typename Fail>
std::optional<std::vector<std::string>> range_values(std::string_view text, Fail fail) {
  const bool log = text.starts_with("log:");
  if (log) text.remove_prefix(4);
  const auto first = text.find(':');
  if (first == std::string_view::npos) {
    if (log) fail("expected log:LO:HI:STEPS");
    return std::nullopt;
  }
  const auto second = text.find(':', first + 1);
  if (second == std::string_view::npos) fail("expected LO:HI:STEPS");
  const auto low = parse_number(text.substr(0, first));
  const auto high = parse_number(text.substr(first + 1, second - first - 1));
  const auto steps = parse_integer(text.substr(second + 1));
  if (!low || !high) fail("LO and HI must be finite numbers");
  if (!steps || *steps < 2 || *steps > kMaxSteps) {
    fail("STEPS must be an integer in [2, " + std::to_string(kMaxSteps) + "]");
  }
  if (log && !(*low > 0.0 && *high > 0.0)) fail("a log range needs LO > 0 and HI > 0");
  std::vector<std::string> values;
  for (std::int64_t i = 0; i < *steps; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(*steps - 1);
    double value = log ? std::exp(std::log(*low) + t * (std::log(*high) - std::log(*low)))
                       : *low + t * (*high - *low);
    // Twelve significant digits: 10, not the 10.000000000000002 that exp(log(1) + …) gives.
    char rounded[32];
    std::snprintf(rounded, sizeof rounded, "%.12g", value);
    value = std::strtod(rounded, nullptr);
    if (i == 0) value = *low;  // the ends exactly as given
    if (i == *steps - 1) value = *high;
    values.push_back(format_float(value));
  }
  return values;
}

}  // namespace

SweepAxis parse_grid_argument(const std::string& argument) {
  const std::string source = "--grid " + argument;
  const auto fail = [&](const std::string& problem) {
    throw InputError({source, 0, 0, ""}, problem);
  };
  const auto equals = argument.find('=');
  if (equals == std::string::npos || equals == 0) fail("expected KEY=V1,V2,… or KEY=LO:HI:STEPS");
  SweepAxis axis;
  axis.key = argument.substr(0, equals);
  axis.source = source;
  const std::string_view text = std::string_view(argument).substr(equals + 1);
  if (text.empty()) fail("no values");
  if (auto range = range_values(text, fail)) {
    axis.values = std::move(*range);
  } else {
    for (std::string value : split_values(text)) {
      if (value.empty()) fail("an empty value in the list");
      axis.values.push_back(std::move(value));
    }
  }
  return axis;
}

SweepTable read_sweep_table(const toml::table& root, const std::string& path) {
  SweepTable sweep;
  const TomlTableReader document(root, path, "", TomlTableReader::kAnyKeys);
  const auto table = document.table("sweep", {"grid", "replicates"});
  if (!table) return sweep;
  if (const auto replicates = table->integer("replicates")) {
    if (*replicates < 1 || *replicates > 100'000) {
      table->fail("replicates", "must be in [1, 100000] (got " + std::to_string(*replicates) + ")");
    }
    sweep.replicates = static_cast<int>(*replicates);
  }
  const auto grid = table->table("grid", TomlTableReader::kAnyKeys);
  if (!grid) return sweep;
  for (const auto& [key, node] : grid->raw()) {
    SweepAxis axis;
    axis.key = std::string(key.str());
    axis.source = path + ": sweep.grid." + axis.key;
    // Captured through a copy: a lambda may not capture a structured binding before C++20's
    // later clarification (clang 14, the fuzzing compiler, refuses it).
    const std::string grid_key = axis.key;
    const auto fail = [&](const std::string& problem) { grid->fail(grid_key, problem); };
    if (const auto* text = node.as_string()) {
      auto range = range_values(text->get(), fail);
      if (!range) fail("expected \"LO:HI:STEPS\", \"log:LO:HI:STEPS\" or an array of values");
      axis.values = std::move(*range);
    } else if (const auto* array = node.as_array()) {
      if (array->empty()) fail("an empty list of values");
      for (const toml::node& value : *array) axis.values.push_back(toml_value_text(value));
    } else {
      fail("expected an array of values or a range string");
    }
    sweep.axes.push_back(std::move(axis));
  }
  return sweep;
}

}  // namespace lmsim::sim::io
