#include "sim/io/replay_source.hpp"

#include <thread>

#include "sim/core/replay/prefetching_reader.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/market_conversion.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

using replay::MarketUnits;

std::optional<MarketUnits> replay_units(const ReplaySettings& replay,
                                        std::optional<double> tick_size,
                                        std::optional<double> lot_size) {
  if (replay.format == "lmsim") {
    const replay::Hdf5MarketReader file(replay.files.at(0));
    const MarketUnits stored = file.units();
    if ((tick_size && *tick_size != stored.tick_size) ||
        (lot_size && *lot_size != stored.lot_size)) {
      throw InputError({replay.files[0], 0, 0, "market.tick_size"},
                       "the market file counts in tick " + format_number(stored.tick_size) +
                           " and lot " + format_number(stored.lot_size) +
                           "; leave tick_size and lot_size out or give these");
    }
    return stored;
  }
  if (replay.format == "lobster")
    return MarketUnits{tick_size.value_or(0.01), lot_size.value_or(1.0)};
  if (!tick_size || !lot_size) return std::nullopt;
  return MarketUnits{*tick_size, *lot_size};
}

std::unique_ptr<replay::MarketEventReader> open_replay_reader(const ReplaySettings& replay,
                                                              const MarketSpec& spec) {
  if (replay.format == "lmsim")
    return std::make_unique<replay::Hdf5MarketReader>(replay.files.at(0));
  // The same reading as `lmsim convert`: one fixed merge order, every row checked.
  replay::ConversionOptions options;
  options.format = replay.format == "lobster" ? replay::RecordedFormat::kLobster
                                              : replay::RecordedFormat::kTardis;
  options.inputs = replay.files;
  options.units = MarketUnits{spec.tick_size, spec.lot_size};
  options.clock = replay.clock;
  options.trading_date = replay.trading_date;
  options.utc_offset = replay.utc_offset;
  options.on_bad_row = replay.on_bad_row;
  auto source = std::make_unique<replay::RecordedSource>(replay::open_recorded_source(options));
  // Decoding CSV (gzip, parsing, every check) was about half of such a replay's time, in turn
  // with the simulation: with a second core it runs beside it. (A market file's reader inflates
  // on a thread of its own already.)
  if (std::thread::hardware_concurrency() < 2) return source;
  return std::make_unique<replay::PrefetchingReader>(std::move(source));
}

}  // namespace lmsim::sim::io
