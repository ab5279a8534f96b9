#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "sim/core/replay/market_event_reader.hpp"

namespace lmsim::sim::replay {

/// Reads another reader ahead, on a thread of its own, so that decoding recorded data (inflating
/// gzip, parsing CSV, checking rows) runs beside the replay that consumes it instead of in turn
/// with it: the stream is the same, only read earlier.
///
/// The source is read in batches of `batch_events` into `slots` buffers that the two threads
/// hand to each other; the reading thread stops when every buffer is full and waits for the
/// replay to give one back. What the replay sees is exactly what it would see reading the
/// source itself:
/// - the events, in order, and the end of the input at the same place;
/// - an error the source throws (InputError for bad data under OnBadRow::kError, an unreadable
///   file), thrown by the call that would have read past the last event before it, and never
///   when the replay stops short of it;
/// - bad_rows(): the source's counts as they stood when it had handed out as many events as the
///   replay has taken, not as far as the thread has read ahead (so a replay that stops before
///   the end of its data reports the same counts whatever the timing). The counts are read
///   after every event the source hands out one by one, and after every run it holds decoded.
/// Nothing here depends on the timing of the two threads.
class PrefetchingReader final : public MarketEventReader {
 public:
  static constexpr std::size_t kDefaultBatchEvents = 8192;
  static constexpr std::size_t kDefaultSlots = 3;

  /// Starts reading `source` (not null) at once. `batch_events` ≥ 1, `slots` ≥ 2.
  explicit PrefetchingReader(std::unique_ptr<MarketEventReader> source,
                             std::size_t batch_events = kDefaultBatchEvents,
                             std::size_t slots = kDefaultSlots);
  /// Stops the reading thread (after the batch it is reading) and waits for it.
  ~PrefetchingReader() override;
  PrefetchingReader(const PrefetchingReader&) = delete;
  PrefetchingReader& operator=(const PrefetchingReader&) = delete;

  bool next(MarketEvent& event) override;
  std::span<const MarketEvent> decoded() const override;
  void skip_decoded(std::size_t count) override;
  EventClock clock() const override { return clock_; }
  BadRowCounts bad_rows() const override;

 private:
  /// One batch as read: its events, the source's bad-row counts wherever they changed (after
  /// the event at `index`, counted from the start of the stream), and what ended it.
  struct Batch {
    std::vector<MarketEvent> events;
    std::vector<std::pair<std::uint64_t, BadRowCounts>> counts;
    bool exhausted = false;     ///< the source has nothing after these events
    BadRowCounts final_counts;  ///< the source's counts once exhausted
    std::exception_ptr error;   ///< what the source threw after these events
  };

  void read_ahead();
  /// Fills `batch` from the source; `first` is the stream index of its first event.
  void fill(Batch& batch, std::uint64_t first);
  /// Gives the current batch (if any) back to the reading thread and makes the next one the
  /// current one, waiting for it to be read.
  void advance();

  std::unique_ptr<MarketEventReader> source_;
  EventClock clock_;
  std::size_t batch_events_;
  std::vector<Batch> batches_;  ///< a ring: the reader fills them in turn, the replay takes them

  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t filled_ = 0;  ///< batches read (the ring's producer count)
  std::size_t taken_ = 0;   ///< batches the replay has finished with (its consumer count)
  bool stopping_ = false;

  // The reading thread's side, touched by it only (and by the constructor before it starts).
  BadRowCounts last_counts_{};  ///< the source's counts after the last event read

  // The replay's side, touched by its thread only.
  Batch* current_ = nullptr;              ///< the batch being taken (null before the first)
  std::size_t started_ = 0;               ///< batches the replay has begun to take
  std::size_t position_ = 0;              ///< the next event of current_
  std::uint64_t consumed_ = 0;            ///< events handed to the replay so far
  BadRowCounts counts_before_current_{};  ///< the counts at the start of current_
  bool at_end_ = false;

  std::thread thread_;
};

}  // namespace lmsim::sim::replay
