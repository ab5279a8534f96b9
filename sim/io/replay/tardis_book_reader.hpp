#pragma once

#include <cstdint>
#include <string>

#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/level_book.hpp"
#include "sim/io/replay/market_units.hpp"
#include "sim/io/replay/pending_events.hpp"
#include "sim/io/replay/row_checker.hpp"
#include "sim/io/replay/tardis_options.hpp"
#include "sim/io/replay/tardis_row_start.hpp"

namespace lmsim::sim::replay {

/// Reads a tardis.dev `incremental_book_L2` CSV file (plain or gzip): columns exchange, symbol,
/// timestamp, local_timestamp (integer µs since the Unix epoch, UTC), is_snapshot, side
/// (bid/ask), price, amount (the new absolute quantity at that price; 0 removes the level).
///
/// - Every row becomes one kLevel event with time = timestamp and local_time = local_timestamp.
/// - A snapshot starts at an is_snapshot=true row that follows a non-snapshot row (or starts
///   the file), or whose (timestamp, local_timestamp) differs from the snapshot row before it
///   (two snapshots back to back); a kClear with the row's times precedes its first level.
/// - Rows with one time on the chosen clock form an update group. After each group the book
///   (kept as a LevelBook) must not be crossed; under kSkip a crossed group is dropped whole
///   and the book reverts to its state before the group.
/// - exchange and symbol must stay those of the first row (one market per file).
class TardisBookReader final : public MarketEventReader {
 public:
  /// Opens `path` and reads its header; throws InputError when it cannot, and
  /// std::invalid_argument for unusable `options.units`.
  TardisBookReader(std::string path, const TardisOptions& options);

  bool next(MarketEvent& event) override;
  EventClock clock() const override { return clock_; }
  BadRowCounts bad_rows() const override { return counts_; }

  /// The `exchange` and `symbol` of the file's first row ("" until a row has been read). Every
  /// later row must carry the same (one market per file).
  const std::string& exchange() const { return row_start_.exchange(); }
  const std::string& symbol() const { return row_start_.symbol(); }

  /// Uncompressed bytes read so far.
  std::uint64_t bytes_read() const { return stream_.bytes_read(); }
  /// The book after the last published update group (levels rebuilt from the file).
  const LevelBook& book() const { return book_; }

 private:
  struct Row {
    engine::Nanos time = 0;
    engine::Nanos local_time = 0;
    bool is_snapshot = false;
    engine::Side side = engine::Side::kBid;
    Ticks price = 0;
    Lots amount = 0;
  };

  bool parse_row(Row& row);
  void add_row(const Row& row);
  void close_group();

  CsvStream stream_;
  BadRowCounts counts_;
  RowChecker checker_;
  MarketSteps steps_;
  EventClock clock_;
  std::size_t width_ = 0;
  std::size_t is_snapshot_ = 0, side_ = 0, price_ = 0, amount_ = 0;
  TardisRowStart row_start_;

  LevelBook book_;
  PendingEvents queue_;
  bool ended_ = false;
  // Snapshot state after the last accepted row, and as it was when the open group started.
  struct SnapshotState {
    bool in_snapshot = false;
    engine::Nanos time = 0;
    engine::Nanos local_time = 0;
  };
  SnapshotState snapshot_;
  SnapshotState snapshot_at_group_start_;
  bool group_open_ = false;
  engine::Nanos group_key_ = 0;
  std::int64_t group_rows_ = 0;
  std::int64_t group_first_line_ = 0;
  std::int64_t group_last_line_ = 0;
};

}  // namespace lmsim::sim::replay
