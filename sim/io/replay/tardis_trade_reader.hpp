#pragma once

#include <cstdint>
#include <string>

#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/market_units.hpp"
#include "sim/io/replay/row_checker.hpp"
#include "sim/io/replay/tardis_options.hpp"
#include "sim/io/replay/tardis_row_start.hpp"

namespace lmsim::sim::replay {

/// Reads a tardis.dev `trades` CSV file (plain or gzip): columns exchange, symbol, timestamp,
/// local_timestamp (integer µs since the Unix epoch, UTC), id (not used), side, price, amount.
///
/// - Every row becomes one kTrade event; `side` is the aggressor: `buy` → kBid (the buyer lifted
///   an ask), `sell` → kAsk.
/// - tardis writes `unknown` (some venues write nothing) when the venue does not say who
///   aggressed. lmsim never guesses one: such a row is bad data of kind kUnknownAggressor (an
///   error, or dropped and counted under kSkip).
/// - price > 0 whole in ticks, amount > 0 whole in lots, time non-decreasing on the chosen
///   clock, and one exchange and symbol per file.
class TardisTradeReader final : public MarketEventReader {
 public:
  /// Opens `path` and reads its header; throws InputError when it cannot, and
  /// std::invalid_argument for unusable `options.units`.
  TardisTradeReader(std::string path, const TardisOptions& options);

  bool next(MarketEvent& event) override;
  EventClock clock() const override { return clock_; }
  BadRowCounts bad_rows() const override { return counts_; }

  /// The `exchange` and `symbol` of the file's first row ("" until a row has been read). Every
  /// later row must carry the same (one market per file).
  const std::string& exchange() const { return row_start_.exchange(); }
  const std::string& symbol() const { return row_start_.symbol(); }

  /// Uncompressed bytes read so far.
  std::uint64_t bytes_read() const { return stream_.bytes_read(); }

 private:
  bool parse_row(MarketEvent& event);

  CsvStream stream_;
  BadRowCounts counts_;
  RowChecker checker_;
  MarketSteps steps_;
  EventClock clock_;
  std::size_t width_ = 0;
  std::size_t side_ = 0, price_ = 0, amount_ = 0;
  TardisRowStart row_start_;
};

}  // namespace lmsim::sim::replay
