#include "sim/replay_source.hpp"

#include <algorithm>

#include "sim/input_error.hpp"
#include "sim/replay/hdf5_market_reader.hpp"
#include "sim/replay/lobster_reader.hpp"
#include "sim/replay/merged_reader.hpp"
#include "sim/replay/tardis_book_reader.hpp"
#include "sim/replay/tardis_file_kind.hpp"
#include "sim/replay/tardis_snapshot_reader.hpp"
#include "sim/replay/tardis_trade_reader.hpp"
#include "sim/value_parse.hpp"

namespace lmsim::sim {

namespace {

using replay::MarketUnits;

/// LOBSTER names its files …_message_N.csv and …_orderbook_N.csv; either order is accepted.
std::pair<std::string, std::string> lobster_files(const ReplaySettings& replay) {
  if (replay.files.size() != 2) {
    throw InputError({replay.files.empty() ? "" : replay.files[0], 0, 0, "market.files"},
                     "LOBSTER needs two files: the message file and its orderbook file");
  }
  const bool swapped = replay.files[0].find("_orderbook_") != std::string::npos &&
                       replay.files[1].find("_message_") != std::string::npos;
  return swapped ? std::pair{replay.files[1], replay.files[0]}
                 : std::pair{replay.files[0], replay.files[1]};
}

}  // namespace

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
  const MarketUnits units{spec.tick_size, spec.lot_size};
  if (replay.format == "lmsim")
    return std::make_unique<replay::Hdf5MarketReader>(replay.files.at(0));
  if (replay.format == "lobster") {
    replay::LobsterOptions options;
    options.trading_date = replay.trading_date;
    options.utc_offset = replay.utc_offset;
    options.units = units;
    options.on_bad_row = replay.on_bad_row;
    const auto [messages, book] = lobster_files(replay);
    return std::make_unique<replay::LobsterReader>(messages, book, options);
  }
  // tardis.dev: book updates first, then snapshots, then trades, so that at equal times the
  // book is updated before the trades are matched against it; files of a type by path.
  const replay::TardisOptions options{units, replay.clock, replay.on_bad_row};
  std::vector<std::pair<replay::TardisFileKind, std::string>> files;
  for (const std::string& file : replay.files)
    files.emplace_back(replay::detect_tardis_file_kind(file), file);
  std::sort(files.begin(), files.end());
  std::vector<std::unique_ptr<replay::MarketEventReader>> readers;
  for (const auto& [kind, file] : files) {
    switch (kind) {
      case replay::TardisFileKind::kIncrementalBookL2:
        readers.push_back(std::make_unique<replay::TardisBookReader>(file, options));
        break;
      case replay::TardisFileKind::kBookSnapshot:
        readers.push_back(std::make_unique<replay::TardisSnapshotReader>(file, options));
        break;
      case replay::TardisFileKind::kTrades:
        readers.push_back(std::make_unique<replay::TardisTradeReader>(file, options));
        break;
    }
  }
  return std::make_unique<replay::MergedReader>(std::move(readers));
}

}  // namespace lmsim::sim
