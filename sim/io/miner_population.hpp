#pragma once

#include <functional>
#include <vector>

#include "sim/core/registries.hpp"
#include "sim/core/scenario.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// Reads one account's `[[miners]]`-style table into a miner group (the scenario loader's
/// reader, so a population's accounts are checked exactly as miners are).
using MinerReader = std::function<MinerGroup(const TomlTableReader& table)>;

/// The accounts of the `[[miner_populations]]` tables (docs/scenario.md, "Miner populations"):
/// each table has a `name`, a `count` and the keys of a `[[miners]]` table, any number of which
/// — top-level numbers and the numbers of its `economics` table — may be a seeded distribution
/// (`{ dist = "lognormal", median = 0.15, sigma = 0.5 }`, io/distribution.hpp) instead of a
/// value. Account i is named NAME-i (zero-padded, from 1) and drawn from the population's own
/// stream (the scenario seed and "population/NAME"), key by key in the table's (sorted) key
/// order, so adding a population changes no other draw. A value whose key is an integer is
/// rounded. Each account becomes a miner group of one account whose `drawn` lists its draws; a
/// drawn value out of the key's range is an InputError at the population naming the account.
std::vector<MinerGroup> read_miner_populations(const TomlTableReader& document, std::uint64_t seed,
                                               const Registries& registries,
                                               const MinerReader& read_miner);

}  // namespace lmsim::sim::io
