#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/market_file.hpp"

namespace lmsim::sim::replay {

/// Replays an lmsim market file (market.h5, written by `lmsim convert`; layout in
/// docs/market-data.md) as the MarketEvent stream it was converted from, event for event.
///
/// - Streaming: the six event columns are read a slice of `slice_events` events at a time
///   (16 Ki by default: 1.2 MB of buffers, plus HDF5's chunk cache of at most 1 MiB per column,
///   whatever the file's length) through Hdf5ColumnReader, which keeps each dataset's chunk
///   cache, so every compressed chunk is inflated once. (Larger slices were slower: fresh
///   buffers cost page faults, and a slice that outgrows the CPU caches is read back cold.) When
///   the file says every local_time equals its time
///   (`local_time_is_time`), /events/local_time is not read at all: inflating dominates replay
///   time and that column is a quarter of the bytes.
/// - Read ahead: from the first event asked for, a thread of the reader's own inflates and
///   checks the next slice while the caller consumes the current one (two slices in flight), so
///   inflating — half the cost of a replay — runs beside the simulation instead of before it.
///   The events, their order and every error are exactly those of a reader without it; an
///   error found ahead is raised when the caller reaches that slice. A reader opened only for
///   info() never starts the thread.
/// - Checks on opening: `format` is "lmsim-market", `format_version` is one this lmsim reads
///   (1), every attribute and column is present with its type, the columns have one length,
///   equal to the `events` attribute, and tick and lot sizes are positive.
/// - Checks while reading, a slice at a time: kind is 0–2, side 0–1, and times are
///   non-decreasing on the file's clock. A market file is written by lmsim and never repaired,
///   so any problem is an InputError (`file: /object: problem`) under every policy.
/// - bad_rows() is always zero: the reader itself drops nothing. The rows the conversion left
///   out are in info().bad_rows.
class Hdf5MarketReader final : public MarketEventReader {
 public:
  static constexpr std::size_t kDefaultSliceEvents = 16384;

  /// Opens and checks `path`; throws InputError when it is not a readable market file of a
  /// version this lmsim reads. std::invalid_argument for `slice_events` 0.
  explicit Hdf5MarketReader(const std::filesystem::path& path,
                            std::size_t slice_events = kDefaultSliceEvents);
  ~Hdf5MarketReader() override;
  Hdf5MarketReader(const Hdf5MarketReader&) = delete;
  Hdf5MarketReader& operator=(const Hdf5MarketReader&) = delete;

  bool next(MarketEvent& event) override {
    if (position_ == buffered_ && !refill()) return false;
    event = current_->events[position_++];
    return true;
  }
  std::size_t next_batch(std::span<MarketEvent> events) override;
  /// The rest of the slice being consumed (never reads the next one).
  std::span<const MarketEvent> decoded() const override {
    if (position_ == buffered_) return {};
    return std::span(current_->events).subspan(position_, buffered_ - position_);
  }
  void skip_decoded(std::size_t count) override { position_ += count; }
  EventClock clock() const override { return info_.clock; }
  BadRowCounts bad_rows() const override { return {}; }

  /// The file's attributes: source, units, inputs and checksums, counts, bad rows left out.
  const MarketFileInfo& info() const { return info_; }
  /// The tick and lot sizes the prices and quantities are counted in.
  const MarketUnits& units() const { return info_.units; }
  double tick_size() const { return info_.units.tick_size; }
  double lot_size() const { return info_.units.lot_size; }
  /// The number of events in the file.
  std::uint64_t size() const { return size_; }
  /// The number of events returned so far.
  std::uint64_t position() const { return read_ - (buffered_ - position_); }
  const std::string& file() const { return file_; }

 private:
  /// One slice of events, decoded and checked by the read-ahead thread.
  struct Slice {
    std::vector<MarketEvent> events;
    std::size_t count = 0;     // 0: the file is exhausted
    std::exception_ptr error;  // what reading this slice threw
  };

  bool refill();
  /// The read-ahead thread's loop: fills the free slices in turn until the end, an error or
  /// the reader's destruction.
  void read_ahead();
  /// Reads and checks the next slice_events events of the file into `slice`.
  void read_slice(Slice& slice);
  [[noreturn]] void fail(std::string_view object, const std::string& problem) const;

  std::string file_;
  io::Hdf5Reader reader_;
  MarketFileInfo info_;
  std::uint64_t size_ = 0;
  io::Hdf5ColumnReader<std::int64_t> time_column_;
  io::Hdf5ColumnReader<std::int64_t> local_time_column_;
  io::Hdf5ColumnReader<std::uint8_t> kind_column_;
  io::Hdf5ColumnReader<std::uint8_t> side_column_;
  io::Hdf5ColumnReader<std::int64_t> price_column_;
  io::Hdf5ColumnReader<std::int64_t> quantity_column_;

  std::vector<std::int64_t> time_;
  std::vector<std::int64_t> local_time_;
  std::vector<std::uint8_t> kind_;
  std::vector<std::uint8_t> side_;
  std::vector<std::int64_t> price_;
  std::vector<std::int64_t> quantity_;
  std::uint64_t fetched_ = 0;  // events the read-ahead thread has read from the file
  engine::Nanos last_time_;    // the read-ahead thread's last event time, for the order check

  // Consumer side: the slice being consumed and the position in it.
  const Slice* current_ = nullptr;
  std::size_t buffered_ = 0;
  std::size_t position_ = 0;
  std::uint64_t read_ = 0;  // events in the slices handed to the caller so far

  // Hand-over: slices_[n % 2] is the n-th slice; the thread has filled `produced_` of them
  // and the caller has finished with `consumed_`.
  std::size_t slice_events_;
  std::array<Slice, 2> slices_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t produced_ = 0;
  std::uint64_t consumed_ = 0;
  bool holding_ = false;   // the caller holds slices_[consumed_ % 2]
  bool finished_ = false;  // the caller has seen the end or an error
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace lmsim::sim::replay
