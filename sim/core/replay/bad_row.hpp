#pragma once

#include <cstdint>
#include <string_view>

namespace lmsim::sim::replay {

/// What a reader does with a row of recorded data that fails a check. Neither policy repairs
/// anything: kError stops at the first bad row with an InputError (file:line:col: column:
/// problem), kSkip leaves the row out of the stream and counts it in BadRowCounts. Problems
/// with a file as a whole (cannot be opened, bad header, truncated gzip, a LOBSTER pair of
/// unequal length) throw under both policies.
enum class OnBadRow : std::uint8_t { kError, kSkip };

/// The name of a policy in files, options and messages: "error" or "skip".
constexpr std::string_view on_bad_row_name(OnBadRow policy) {
  return policy == OnBadRow::kError ? "error" : "skip";
}

/// The classes of bad rows the readers detect.
enum class BadRowKind : std::uint8_t {
  kUnparsable,        // wrong field count, text that is not a number/time/side/flag
  kNonMonotonicTime,  // earlier than the previous row on the chosen clock
  kNegativeSize,      // a book quantity < 0 (or 0 at an occupied top-N level)
  kNonPositivePrice,  // a price <= 0
  kNonPositiveTrade,  // a trade quantity <= 0
  kOffTick,           // a price that is not a whole number of ticks
  kOffLot,            // a quantity that is not a whole number of lots
  kUnsortedLevels,    // top-N levels out of price order, or a level after an empty one
  kCrossedBook,       // best bid >= best ask once an update group has been applied
  kUnknownAggressor,  // a trade whose side is empty or "unknown"
};

/// The name of a kind as used in reports ("crossed_book").
std::string_view bad_row_kind_name(BadRowKind kind);

/// How many bad rows of each kind a reader dropped under OnBadRow::kSkip. A crossed update
/// group counts once under `crossed_book` although all its rows are dropped; `dropped_rows`
/// counts every dropped row.
struct BadRowCounts {
  std::int64_t unparsable = 0;
  std::int64_t non_monotonic_time = 0;
  std::int64_t negative_size = 0;
  std::int64_t non_positive_price = 0;
  std::int64_t non_positive_trade = 0;
  std::int64_t off_tick = 0;
  std::int64_t off_lot = 0;
  std::int64_t unsorted_levels = 0;
  std::int64_t crossed_book = 0;
  std::int64_t unknown_aggressor = 0;
  std::int64_t dropped_rows = 0;

  /// The counter of one kind.
  std::int64_t& operator[](BadRowKind kind);
  std::int64_t operator[](BadRowKind kind) const;
  /// Problems found, all kinds together (not rows: see `dropped_rows`).
  std::int64_t problems() const;
  BadRowCounts& operator+=(const BadRowCounts& other);
  bool operator==(const BadRowCounts&) const = default;
};

inline constexpr BadRowKind kAllBadRowKinds[] = {
    BadRowKind::kUnparsable,       BadRowKind::kNonMonotonicTime, BadRowKind::kNegativeSize,
    BadRowKind::kNonPositivePrice, BadRowKind::kNonPositiveTrade, BadRowKind::kOffTick,
    BadRowKind::kOffLot,           BadRowKind::kUnsortedLevels,   BadRowKind::kCrossedBook,
    BadRowKind::kUnknownAggressor,
};

}  // namespace lmsim::sim::replay
