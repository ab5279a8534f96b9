#pragma once

#include <memory>
#include <optional>

#include "sim/core/market_spec.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/scenario.hpp"
#include "sim/io/replay/market_units.hpp"

namespace lmsim::sim::io {

/// The tick and lot sizes of a replay: the given ones, else the format's own — LOBSTER's $0.01
/// and 1 share, an lmsim market file's stored sizes; nullopt for tardis.dev data, which does not
/// record them. Given sizes must agree with a market file's (InputError otherwise).
std::optional<replay::MarketUnits> replay_units(const ReplaySettings& replay,
                                                std::optional<double> tick_size,
                                                std::optional<double> lot_size);

/// Opens a recorded market as one time-ordered event stream in `spec`'s ticks and lots:
/// LOBSTER's message and orderbook files, tardis.dev CSV files (their types told from their
/// headers, merged book updates first at equal times), or an lmsim market file.
std::unique_ptr<replay::MarketEventReader> open_replay_reader(const ReplaySettings& replay,
                                                              const MarketSpec& spec);

}  // namespace lmsim::sim::io
