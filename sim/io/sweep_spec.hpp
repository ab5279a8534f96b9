#pragma once

#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace lmsim::sim::io {

// What a sweep varies (docs/sweeps.md): axes of scenario keys, each with its values as TOML text,
// applied to the scenario like `--set KEY=VALUE`. The grid is the product of the axes.

/// One swept key and its values.
struct SweepAxis {
  std::string key;                  ///< a key path as --set takes it: campaign.markets[0].budget
  std::vector<std::string> values;  ///< TOML text of each value, in order
  std::string source;               ///< where it was given: "--grid ARG" or "FILE: sweep.grid.KEY"
};

/// Parses a `--grid` argument: `KEY=V1,V2,…` (values as TOML text, or bare words taken as
/// strings; a quoted value may hold commas), `KEY=LO:HI:STEPS` (STEPS ≥ 2 evenly spaced numbers
/// from LO to HI, both included) or `KEY=log:LO:HI:STEPS` (evenly spaced in log, LO, HI > 0).
/// Numbers of a range are written in their shortest exact form. Throws InputError located at
/// "--grid ARG" for a missing key or value, an empty list, a bad range or a non-finite bound.
SweepAxis parse_grid_argument(const std::string& argument);

/// The `[sweep]` table of a scenario: `grid` (a table of key = [values] or "LO:HI:STEPS" /
/// "log:LO:HI:STEPS") and `replicates`; all optional. Errors are InputErrors at the file, line
/// and key.
struct SweepTable {
  std::vector<SweepAxis> axes;
  std::optional<int> replicates;
};
SweepTable read_sweep_table(const toml::table& root, const std::string& path);

}  // namespace lmsim::sim::io
