#pragma once

#include <cstdint>
#include <string>

#include "sim/io/replay/decimal_step.hpp"
#include "sim/io/replay/pending_events.hpp"
#include "sim/io/replay/row_checker.hpp"
#include "sim/io/replay/top_levels.hpp"

namespace lmsim::sim::replay {

/// Turns a sequence of complete top-N book rows (LOBSTER orderbook rows, tardis book_snapshot
/// rows) into level events, one update group (rows with one time on the reader's clock) at a
/// time, and checks that each group leaves the book uncrossed.
///
/// - The first accepted row emits kClear and all its levels; every later row emits the changes
///   from the previous accepted row (append_level_changes).
/// - When a group ends, the last row's book must have best bid < best ask; otherwise the group
///   is reported as kCrossedBook (at the group's last line of `checker`'s file) and, under
///   kSkip, dropped whole: the book falls back to the last row before the group, and the next
///   row is diffed against that.
class TopBookGroups {
 public:
  TopBookGroups(RowChecker& checker, PendingEvents& queue, const DecimalStep& tick)
      : checker_(checker), queue_(queue), tick_(tick) {}

  /// Whether a group is open with key `key` (its time on the reader's clock).
  bool continues(engine::Nanos key) const { return open_ && key == key_; }
  bool is_open() const { return open_; }
  /// Starts a group at `key`; no group may be open.
  void open(engine::Nanos key);
  /// Adds one accepted row at line `line`: its optional trade (emitted before the row's level
  /// changes, as the message that caused them) and its book `row`, which is swapped with the
  /// previous state (its contents are unspecified afterwards).
  void add_row(engine::Nanos time, engine::Nanos local_time, const MarketEvent* trade,
               TopLevels& row, std::int64_t line);
  /// Ends the open group: publishes its events, or reports it and (under kSkip) drops it.
  /// Returns true when the group was published.
  bool close();

 private:
  RowChecker& checker_;
  PendingEvents& queue_;
  const DecimalStep& tick_;
  TopLevels committed_;  // the book after the last published group
  TopLevels current_;    // the book after the last accepted row
  bool committed_cleared_ = false;
  bool cleared_ = false;
  bool open_ = false;
  engine::Nanos key_ = 0;
  std::int64_t rows_ = 0;
  std::int64_t first_line_ = 0;
  std::int64_t last_line_ = 0;
};

/// The crossed-book message every reader uses: where the group was and how it crossed.
std::string crossed_book_problem(engine::Nanos key, std::int64_t first_line, std::int64_t last_line,
                                 const std::string& best_bid, const std::string& best_ask);

}  // namespace lmsim::sim::replay
