#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "sim/core/replay/market_event.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/replay/row_checker.hpp"

namespace lmsim::sim::replay {

/// The four columns every tardis.dev CSV row starts with — exchange, symbol, timestamp,
/// local_timestamp — and the checks every tardis reader makes on them. One market per file: a
/// file that mixes pairs (concatenated downloads) would replay as one book with nonsense prices,
/// so every row must repeat the first row's exchange and symbol. Times are integer µs since the
/// Unix epoch and must not go backwards on the replay clock.
class TardisRowStart {
 public:
  static constexpr std::array<std::string_view, 4> kColumnNames = {"exchange", "symbol",
                                                                   "timestamp", "local_timestamp"};

  /// The four columns first, in tardis order (book_snapshot files).
  TardisRowStart() = default;
  /// The four columns wherever the header has them (incremental_book_L2 and trades files).
  explicit TardisRowStart(const io::CsvColumns& header);

  /// Checks the checker's current row's market and reads its two times; false when the row was
  /// rejected (reported through `checker`).
  bool parse(RowChecker& checker, engine::Nanos& time, engine::Nanos& local_time);
  /// The row's time on `clock` is not earlier than the last accepted row's; false when the row
  /// was rejected. Accepting the row makes its time the one later rows are checked against.
  bool accept_in_order(RowChecker& checker, EventClock clock, engine::Nanos time,
                       engine::Nanos local_time);

  /// The first row's exchange and symbol ("" until a row has been parsed).
  const std::string& exchange() const { return first_exchange_; }
  const std::string& symbol() const { return first_symbol_; }

 private:
  bool same_as_first(RowChecker& checker, std::size_t column, const std::string& first) const;

  std::array<std::size_t, 4> columns_ = {0, 1, 2, 3};
  std::string first_exchange_;
  std::string first_symbol_;
  bool have_first_ = false;
  engine::Nanos last_key_ = std::numeric_limits<engine::Nanos>::min();
};

}  // namespace lmsim::sim::replay
