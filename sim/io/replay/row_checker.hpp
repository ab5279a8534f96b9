#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/time.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/decimal_step.hpp"

namespace lmsim::sim::replay {

/// The field checks the readers share, and the bad-row policy behind them. Each check either
/// produces a valid value and returns true, or reports the problem and returns false: under
/// OnBadRow::kError reporting throws InputError located at the field (file:line:col: column:
/// problem), under kSkip it counts the row in `counts()` and the caller drops the row. Messages
/// are only built for bad rows, so checking a good row allocates nothing. Several checkers (one
/// per file of a LOBSTER pair) may count into one BadRowCounts.
class RowChecker {
 public:
  RowChecker(const CsvStream& stream, OnBadRow policy, BadRowCounts& counts)
      : stream_(stream), policy_(policy), counts_(counts) {}

  /// Reports a problem with field `index` of the current row. Returns false.
  bool reject(BadRowKind kind, std::size_t index, std::string_view column,
              const std::string& problem);
  /// Reports a problem with the current row as a whole. Returns false.
  bool reject_row(BadRowKind kind, const std::string& problem);
  /// Reports a problem found at `location` that drops `rows` rows (a whole update group).
  bool reject_at(BadRowKind kind, io::InputLocation location, const std::string& problem,
                 std::int64_t rows);

  /// The row could be split and has `expected` fields (`what` names where the count comes
  /// from, e.g. " as in the header").
  bool width(std::size_t expected, std::string_view what = "");
  /// Integer microseconds since the Unix epoch, as nanoseconds.
  bool micros(std::size_t index, std::string_view column, engine::Nanos& out);
  /// `time` is not earlier than `previous` (the last accepted row's time on the chosen clock).
  bool in_order(engine::Nanos time, engine::Nanos previous, std::size_t index,
                std::string_view column);
  /// A positive price, whole in ticks. The text is read as a decimal times 10^scale_exponent
  /// (LOBSTER's integer prices are USD × 10^4: scale_exponent -4).
  bool price(std::size_t index, std::string_view column, const DecimalStep& tick, Ticks& out,
             int scale_exponent = 0);
  /// A book quantity >= 0, whole in lots.
  bool quantity(std::size_t index, std::string_view column, const DecimalStep& lot, Lots& out);
  /// A trade quantity > 0, whole in lots.
  bool trade_quantity(std::size_t index, std::string_view column, const DecimalStep& lot,
                      Lots& out);

  const BadRowCounts& counts() const { return counts_; }
  OnBadRow policy() const { return policy_; }
  const CsvStream& stream() const { return stream_; }

 private:
  bool steps(std::size_t index, std::string_view column, const DecimalStep& step,
             std::string_view step_name, int scale_exponent, BadRowKind sign_kind, bool allow_zero,
             std::int64_t& out);

  struct TimeCache {
    std::size_t index = SIZE_MAX;
    std::string text;
    engine::Nanos value = 0;
  };
  static constexpr std::size_t kTimeCacheSlots = 4;

  const CsvStream& stream_;
  OnBadRow policy_;
  BadRowCounts& counts_;
  TimeCache time_cache_[kTimeCacheSlots];
};

}  // namespace lmsim::sim::replay
