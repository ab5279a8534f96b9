#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"

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
  /// Writes up to `events.size()` next events into the front of `events` and returns how many;
  /// fewer than asked only at the end of the input, 0 once it is exhausted. The same stream as
  /// calling next() repeatedly (the two may be mixed), at one virtual call per batch instead of
  /// per event. By default it copies whole runs of decoded() and reads on with next() between
  /// them; readers may override it with something faster. Throws as next() does.
  virtual std::size_t next_batch(std::span<MarketEvent> events) {
    std::size_t filled = 0;
    while (filled < events.size()) {
      const std::span<const MarketEvent> run = decoded();
      if (!run.empty()) {
        const std::size_t count = std::min(run.size(), events.size() - filled);
        std::copy_n(run.begin(), count, events.begin() + static_cast<std::ptrdiff_t>(filled));
        skip_decoded(count);
        filled += count;
      } else if (next(events[filled])) {
        ++filled;
      } else {
        break;
      }
    }
    return filled;
  }
  /// The events next() would return next that the reader already holds decoded and checked,
  /// taken without reading anything further: empty when it holds none (next() then reads on).
  /// Valid until the reader is used again. Lets a consumer take runs of events at no virtual
  /// call per event (RecordedMarket's update groups) while reading, checking and counting
  /// exactly what calls of next() would.
  virtual std::span<const MarketEvent> decoded() const { return {}; }
  /// Consumes the first `count` (≤ decoded().size()) events of decoded(), as `count` calls of
  /// next() would.
  virtual void skip_decoded(std::size_t count) { (void)count; }
  /// The clock the stream is ordered and checked by.
  virtual EventClock clock() const = 0;
  /// The bad rows dropped so far (all zero under OnBadRow::kError).
  virtual BadRowCounts bad_rows() const = 0;
};

}  // namespace lmsim::sim::replay
