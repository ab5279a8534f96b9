#include "analysis/scenario_diff.hpp"

#include <algorithm>
#include <map>

namespace lmsim::analysis {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Compares two digit runs as numbers: leading zeros dropped, then the longer is larger, then
/// bytes; equal numbers with different zero padding compare by length (shorter first).
int compare_numbers(std::string_view a, std::string_view b) {
  const auto strip = [](std::string_view digits) {
    const std::size_t first = digits.find_first_not_of('0');
    return first == std::string_view::npos ? std::string_view() : digits.substr(first);
  };
  const std::string_view x = strip(a);
  const std::string_view y = strip(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  if (const int order = x.compare(y); order != 0) return order < 0 ? -1 : 1;
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return 0;
}

struct KeyLess {
  bool operator()(const std::string& a, const std::string& b) const {
    return scenario_key_less(a, b);
  }
};

}  // namespace

bool scenario_key_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t end_a = i;
      std::size_t end_b = j;
      while (end_a < a.size() && is_digit(a[end_a])) ++end_a;
      while (end_b < b.size() && is_digit(b[end_b])) ++end_b;
      const int order = compare_numbers(a.substr(i, end_a - i), b.substr(j, end_b - j));
      if (order != 0) return order < 0;
      i = end_a;
      j = end_b;
      continue;
    }
    if (a[i] != b[j]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    }
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::vector<ScenarioDifference> scenario_differences(
    std::span<const std::vector<ScenarioEntry>> runs) {
  if (runs.size() < 2) return {};
  std::map<std::string, std::vector<std::optional<std::string>>, KeyLess> table;
  for (std::size_t run = 0; run < runs.size(); ++run) {
    for (const ScenarioEntry& entry : runs[run]) {
      auto& values = table[entry.key];
      values.resize(runs.size());
      values[run] = entry.value;
    }
  }
  std::vector<ScenarioDifference> differences;
  for (auto& [key, values] : table) {
    values.resize(runs.size());
    // Compared with a copy of the first: clang 14 cannot capture a structured binding.
    const auto first = values.front();
    const bool same = std::all_of(values.begin(), values.end(),
                                  [&](const auto& value) { return value == first; });
    if (!same) differences.push_back({key, values});
  }
  return differences;
}

}  // namespace lmsim::analysis
