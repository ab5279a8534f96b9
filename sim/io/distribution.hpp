#pragma once

#include <optional>
#include <string>

#include "sim/core/random_stream.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// A scenario number given as a seeded distribution instead of a value (docs/scenario.md,
/// "Miner populations"): `{ dist = "normal", mean = 0.5, sd = 0.25, min = 0.1 }`.
/// - `normal`: mean, sd (≥ 0);
/// - `lognormal`: median (> 0), sigma (≥ 0) — exp(ln median + sigma · N(0, 1));
/// - `pareto`: scale (> 0), alpha (> 0) — heavy-tailed, at least `scale`;
/// - `uniform`: low, high (low ≤ high);
/// - optional `min`, `max` on any of them: draws outside are drawn again (a truncated
///   distribution, not a clamp), so at least one in a thousand draws must fall inside.
struct Distribution {
  std::string kind;
  double a = 0.0;  ///< mean / median / scale / low
  double b = 0.0;  ///< sd / sigma / alpha / high
  std::optional<double> min;
  std::optional<double> max;
  std::string where;  ///< "file:line:col: key.path", for messages about draws

  /// One draw; throws InputError (at the distribution) when a thousand draws in a row fall
  /// outside [min, max].
  double draw(RandomStream& random) const;
};

/// Whether `key` of `table` holds a distribution (an inline table with `dist`).
bool is_distribution(const TomlTableReader& table, std::string_view key);

/// Reads the distribution at `key` of `table`; every parameter is checked (finite, in range,
/// min ≤ max) with file:line:key errors.
Distribution read_distribution(const TomlTableReader& table, std::string_view key);

}  // namespace lmsim::sim::io
