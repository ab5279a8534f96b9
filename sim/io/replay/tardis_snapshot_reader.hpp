#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/market_units.hpp"
#include "sim/io/replay/pending_events.hpp"
#include "sim/io/replay/row_checker.hpp"
#include "sim/io/replay/tardis_options.hpp"
#include "sim/io/replay/tardis_row_start.hpp"
#include "sim/io/replay/top_book_groups.hpp"

namespace lmsim::sim::replay {

/// Reads a tardis.dev `book_snapshot_N` CSV file (book_snapshot_5, book_snapshot_25, any N;
/// plain or gzip): columns exchange, symbol, timestamp, local_timestamp (integer µs since the
/// Unix epoch, UTC), then for k = 0..N-1 `asks[k].price, asks[k].amount, bids[k].price,
/// bids[k].amount`, best first, in exactly that order. Each row is the complete top-N book.
///
/// - The first row emits kClear and its levels; each later row emits only the level changes
///   from the previous row, removals first (see append_level_changes). A level that leaves the
///   top N is emitted as removed: the data says nothing about depth beyond N.
/// - A side with fewer than N levels leaves the remaining price and amount fields empty; a
///   level after an empty one, or levels out of price order, are kUnsortedLevels.
/// - Occupied levels need price > 0 whole in ticks and amount > 0 whole in lots. Rows with one
///   time on the chosen clock are an update group; the last row of each group must not be
///   crossed.
class TardisSnapshotReader final : public MarketEventReader {
 public:
  /// Opens `path` and reads its header; throws InputError when it cannot (or the header is not
  /// a book_snapshot header), and std::invalid_argument for unusable `options.units`.
  TardisSnapshotReader(std::string path, const TardisOptions& options);

  bool next(MarketEvent& event) override;
  EventClock clock() const override { return clock_; }
  BadRowCounts bad_rows() const override { return counts_; }

  /// The `exchange` and `symbol` of the file's first row ("" until a row has been read). Every
  /// later row must carry the same (one market per file).
  const std::string& exchange() const { return row_start_.exchange(); }
  const std::string& symbol() const { return row_start_.symbol(); }

  /// N: the number of levels per side in each row.
  std::size_t levels() const { return levels_; }
  /// Uncompressed bytes read so far.
  std::uint64_t bytes_read() const { return stream_.bytes_read(); }

 private:
  bool parse_row(engine::Nanos& time, engine::Nanos& local_time);
  bool parse_side(std::size_t first_field, std::vector<PriceLevel>& out, bool is_bid);

  CsvStream stream_;
  BadRowCounts counts_;
  RowChecker checker_;
  MarketSteps steps_;
  EventClock clock_;
  std::size_t levels_ = 0;
  std::vector<std::string> column_names_;
  TardisRowStart row_start_;

  PendingEvents queue_;
  TopBookGroups groups_;
  TopLevels row_;
  bool ended_ = false;
};

}  // namespace lmsim::sim::replay
