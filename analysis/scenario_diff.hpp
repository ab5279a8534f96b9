#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/run_data.hpp"

namespace lmsim::analysis {

/// One scenario key whose value is not the same in every run compared: `values[r]` is its value
/// in run r, nullopt when run r does not set it (a default applied, or a table it lacks).
struct ScenarioDifference {
  std::string key;
  std::vector<std::optional<std::string>> values;
};

/// The key-by-key differences between the flattened effective scenarios of several runs (one
/// span element per run, each a list of ScenarioEntry with unique keys in any order): every key
/// present in at least one run whose value is not identical (as text) in all of them, in
/// scenario_key_less order. Keys are compared exactly, values as text: `0.2` and `0.20` differ,
/// which cannot happen for lists made by one flattener. Fewer than two runs: no differences.
std::vector<ScenarioDifference> scenario_differences(
    std::span<const std::vector<ScenarioEntry>> runs);

/// The order keys are listed in: byte order, except that runs of digits compare as numbers, so
/// `miners[2]` comes before `miners[10]` (ties between `01` and `1` broken by length, then bytes).
bool scenario_key_less(std::string_view a, std::string_view b);

}  // namespace lmsim::analysis
