#pragma once

#include "sim/replay/bad_row.hpp"
#include "sim/replay/market_event.hpp"

namespace lmsim::sim::replay {

/// A pull stream of normalised market events read from recorded data, in non-decreasing time on
/// its clock. Every implementation streams its input (memory bounded by a read buffer and the
/// largest update group, not by the file length), checks each row and applies its OnBadRow
/// policy. The replay seam: the simulator consumes any reader through this interface, and
/// MergedReader combines several into one.
class MarketEventReader {
 public:
  virtual ~MarketEventReader() = default;

  /// Writes the next event into `event`; false once the input is exhausted (and from then on).
  /// Throws InputError for bad data under OnBadRow::kError and for unreadable input; after
  /// that the reader is left mid-file and must not be used further.
  virtual bool next(MarketEvent& event) = 0;
  /// The clock the stream is ordered and checked by.
  virtual EventClock clock() const = 0;
  /// The bad rows dropped so far (all zero under OnBadRow::kError).
  virtual BadRowCounts bad_rows() const = 0;
};

}  // namespace lmsim::sim::replay
