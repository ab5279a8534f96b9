#pragma once

#include <filesystem>
#include <span>
#include <vector>

#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/market_file.hpp"

namespace lmsim::sim::replay {

/// Writes a market file (see market_file.hpp and docs/market-data.md) event by event, so that a
/// conversion never holds more than a fixed number of events however long the recording:
///
/// - events are gathered column by column in buffers of kBatchEvents and handed to one
///   Hdf5AppendColumn per column (chunked ~256 KiB, shuffle + deflate 4), which writes whole
///   chunks as they fill (kMarketFileCompression);
/// - the attributes, which need the whole stream (counts, first/last time, bad rows), are
///   written by finish();
/// - the same events and info always give a byte-identical file (Hdf5Writer's guarantees).
///
/// It writes wherever it is told: callers give it a staging path (ResultFile) and move the file
/// into place after finish(). A writer destroyed without finish() leaves an incomplete file.
class MarketFileWriter {
 public:
  static constexpr std::size_t kBatchEvents = 32768;

  /// Creates the file at `path` with empty event columns; throws Hdf5Error when it cannot.
  /// Events must come in non-decreasing time on `clock`.
  MarketFileWriter(const std::filesystem::path& path, EventClock clock,
                   io::Hdf5Compression compression = kMarketFileCompression);

  /// Appends events; throws std::invalid_argument for an event earlier than the one before it
  /// on the clock (readers never produce one, and a market file is always in order).
  void append(const MarketEvent& event);
  void append(std::span<const MarketEvent> events);

  /// Writes the remaining events and the attributes of `info`, whose `clock`, `events`,
  /// `first_time`, `last_time` and `local_time_is_time` are replaced by those of the events
  /// appended and
  /// `lmsim_version` by this lmsim's; closes the file and returns the info as written. Throws
  /// Hdf5Error when writing fails.
  MarketFileInfo finish(MarketFileInfo info);

  /// The events appended so far, per kind.
  const MarketEventCounts& counts() const { return counts_; }

 private:
  void flush();

  io::Hdf5Writer writer_;
  EventClock clock_;
  io::Hdf5AppendColumn<std::int64_t> time_;
  io::Hdf5AppendColumn<std::int64_t> local_time_;
  io::Hdf5AppendColumn<std::uint8_t> kind_;
  io::Hdf5AppendColumn<std::uint8_t> side_;
  io::Hdf5AppendColumn<std::int64_t> price_;
  io::Hdf5AppendColumn<std::int64_t> quantity_;

  std::vector<std::int64_t> time_buffer_;
  std::vector<std::int64_t> local_time_buffer_;
  std::vector<std::uint8_t> kind_buffer_;
  std::vector<std::uint8_t> side_buffer_;
  std::vector<std::int64_t> price_buffer_;
  std::vector<std::int64_t> quantity_buffer_;

  MarketEventCounts counts_;
  engine::Nanos first_time_ = 0;
  engine::Nanos last_time_ = 0;
  bool local_time_is_time_ = true;
};

}  // namespace lmsim::sim::replay
