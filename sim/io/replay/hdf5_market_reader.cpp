#include "sim/io/replay/hdf5_market_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

namespace {

constexpr std::string_view kRoot = "/";
constexpr std::string_view kLobsterGroup = "/lobster";

// Problems with a market file are problems with user input: one InputError type, reading
// `file: /object: problem` like the Hdf5Errors of the wrapper it replaces.
[[noreturn]] void fail_at(const std::string& file, std::string_view object,
                          const std::string& problem) {
  throw io::InputError({file, 0, 0, std::string(object)}, problem);
}

template <typename Body>
decltype(auto) as_input_error(Body&& body) {
  try {
    return body();
  } catch (const io::Hdf5Error& error) {
    throw io::InputError({error.file(), 0, 0, error.object()}, error.problem());
  }
}

std::string attribute_name(std::string_view name) {
  return "attribute \"" + std::string(name) + "\"";
}

double positive_size(const io::Hdf5Reader& reader, std::string_view name) {
  const auto value = reader.attribute<double>(kRoot, name);
  if (!(value > 0.0) || !std::isfinite(value)) {
    fail_at(reader.file(), kRoot,
            attribute_name(name) + ": must be a positive number (got " + io::format_number(value) +
                ")");
  }
  return value;
}

LobsterFileInfo read_lobster(const io::Hdf5Reader& reader) {
  const std::string& file = reader.file();
  LobsterFileInfo lobster;
  lobster.trading_date = reader.attribute<std::string>(kLobsterGroup, "trading_date");
  const auto offset_text = reader.attribute<std::string>(kLobsterGroup, "utc_offset");
  const std::optional<engine::Nanos> offset = parse_utc_offset(offset_text);
  if (!offset) {
    fail_at(file, kLobsterGroup,
            attribute_name("utc_offset") + ": expected +HH:MM or -HH:MM (got " +
                sim::io::quoted(offset_text) + ")");
  }
  lobster.utc_offset = *offset;
  lobster.levels = reader.attribute<std::int64_t>(kLobsterGroup, "levels");
  lobster.omitted_sub_tick_trades =
      reader.attribute<std::int64_t>(kLobsterGroup, "omitted_sub_tick_trades");
  const auto times = reader.read<std::int64_t>("/lobster/trading_status_time");
  const auto statuses = reader.read<std::uint8_t>("/lobster/trading_status");
  if (times.size() != statuses.size()) {
    fail_at(file, "/lobster/trading_status",
            "has " + std::to_string(statuses.size()) + " values, expected " +
                std::to_string(times.size()) + " as /lobster/trading_status_time");
  }
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (statuses[i] > 2) {
      fail_at(file, "/lobster/trading_status",
              "value " + std::to_string(i) + ": expected 0, 1 or 2 (got " +
                  std::to_string(statuses[i]) + ")");
    }
    lobster.trading_status_changes.push_back(
        {times[i], static_cast<TradingStatusChange::Status>(statuses[i])});
  }
  return lobster;
}

// The root attributes, checked in the order that gives the most useful message: first whether
// this is a market file at all, then its version, then the rest.
MarketFileInfo read_info(const io::Hdf5Reader& reader) {
  const std::string& file = reader.file();
  if (!reader.has_attribute(kRoot, "format")) {
    fail_at(file, "",
            "not an lmsim market file (no \"format\" attribute; market files are written by "
            "'lmsim convert')");
  }
  const auto format = reader.attribute<std::string>(kRoot, "format");
  if (format != kMarketFileFormat) {
    fail_at(file, "",
            "not an lmsim market file (format " + sim::io::quoted(format) + ", expected " +
                sim::io::quoted(kMarketFileFormat) + ")");
  }
  const auto version = reader.attribute<std::int64_t>(kRoot, "format_version");
  if (version > kMarketFileFormatVersion) {
    fail_at(file, "",
            "format_version " + std::to_string(version) + " is newer than this lmsim reads (" +
                std::to_string(kMarketFileFormatVersion) + "); convert the data again or use a " +
                "newer lmsim");
  }
  if (version < 1) fail_at(file, "", "unknown format_version " + std::to_string(version));

  MarketFileInfo info;
  info.lmsim_version = reader.attribute<std::string>(kRoot, "lmsim_version");
  info.source_format = reader.attribute<std::string>(kRoot, "source_format");
  info.exchange = reader.attribute<std::string>(kRoot, "exchange");
  info.symbol = reader.attribute<std::string>(kRoot, "symbol");
  const auto clock_text = reader.attribute<std::string>(kRoot, "clock");
  const std::optional<EventClock> clock = parse_event_clock(clock_text);
  if (!clock) {
    fail_at(file, kRoot,
            attribute_name("clock") + ": expected \"exchange\" or \"local\" (got " +
                sim::io::quoted(clock_text) + ")");
  }
  info.clock = *clock;
  info.units.tick_size = positive_size(reader, "tick_size");
  info.units.lot_size = positive_size(reader, "lot_size");
  const auto inputs_text = reader.attribute<std::string>(kRoot, "inputs");
  auto inputs = parse_market_inputs_text(inputs_text);
  if (!inputs) {
    fail_at(file, kRoot,
            attribute_name("inputs") + ": expected lines \"<sha256>  <name>\" (got " +
                sim::io::quoted(inputs_text) + ")");
  }
  info.inputs = std::move(*inputs);
  info.events.clear = reader.attribute<std::int64_t>(kRoot, "clear_events");
  info.events.level = reader.attribute<std::int64_t>(kRoot, "level_events");
  info.events.trade = reader.attribute<std::int64_t>(kRoot, "trade_events");
  const auto events = reader.attribute<std::int64_t>(kRoot, "events");
  if (events != info.events.total()) {
    fail_at(file, kRoot,
            attribute_name("events") + ": " + std::to_string(events) +
                " is not the sum of clear_events, level_events and trade_events (" +
                std::to_string(info.events.total()) + ")");
  }
  info.first_time = reader.attribute<std::int64_t>(kRoot, "first_time");
  info.last_time = reader.attribute<std::int64_t>(kRoot, "last_time");
  const auto same_times = reader.attribute<std::int64_t>(kRoot, "local_time_is_time");
  if (same_times != 0 && same_times != 1) {
    fail_at(file, kRoot,
            attribute_name("local_time_is_time") + ": expected 0 or 1 (got " +
                std::to_string(same_times) + ")");
  }
  info.local_time_is_time = same_times == 1;
  const auto policy = reader.attribute<std::string>(kRoot, "on_bad_row");
  if (policy != on_bad_row_name(OnBadRow::kError) && policy != on_bad_row_name(OnBadRow::kSkip)) {
    fail_at(file, kRoot,
            attribute_name("on_bad_row") + ": expected \"error\" or \"skip\" (got " +
                sim::io::quoted(policy) + ")");
  }
  info.on_bad_row =
      policy == on_bad_row_name(OnBadRow::kError) ? OnBadRow::kError : OnBadRow::kSkip;
  for (const BadRowKind kind : kAllBadRowKinds) {
    info.bad_rows[kind] =
        reader.attribute<std::int64_t>(kRoot, "bad_rows_" + std::string(bad_row_kind_name(kind)));
  }
  info.bad_rows.dropped_rows = reader.attribute<std::int64_t>(kRoot, "dropped_rows");
  if (reader.exists(kLobsterGroup)) info.lobster = read_lobster(reader);
  return info;
}

}  // namespace

Hdf5MarketReader::Hdf5MarketReader(const std::filesystem::path& path, std::size_t slice_events)
    : file_(path.string()),
      reader_(as_input_error([&] { return io::Hdf5Reader(path); })),
      info_(as_input_error([&] { return read_info(reader_); })),
      time_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::int64_t>(reader_, kMarketTimeDataset); })),
      local_time_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::int64_t>(reader_, kMarketLocalTimeDataset); })),
      kind_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::uint8_t>(reader_, kMarketKindDataset); })),
      side_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::uint8_t>(reader_, kMarketSideDataset); })),
      price_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::int64_t>(reader_, kMarketPriceDataset); })),
      quantity_column_(as_input_error(
          [&] { return io::Hdf5ColumnReader<std::int64_t>(reader_, kMarketQuantityDataset); })),
      last_time_(std::numeric_limits<engine::Nanos>::min()),
      slice_events_(slice_events) {
  if (slice_events == 0) throw std::invalid_argument("Hdf5MarketReader: slice_events must be > 0");
  size_ = time_column_.size();
  const std::pair<std::string_view, std::uint64_t> others[] = {
      {kMarketLocalTimeDataset, local_time_column_.size()},
      {kMarketKindDataset, kind_column_.size()},
      {kMarketSideDataset, side_column_.size()},
      {kMarketPriceDataset, price_column_.size()},
      {kMarketQuantityDataset, quantity_column_.size()},
  };
  for (const auto& [object, size] : others) {
    if (size != size_) {
      fail(object, "has " + std::to_string(size) + " events, expected " + std::to_string(size_) +
                       " as " + std::string(kMarketTimeDataset));
    }
  }
  if (size_ != static_cast<std::uint64_t>(info_.events.total())) {
    fail(kRoot, attribute_name("events") + ": " + std::to_string(info_.events.total()) +
                    " but the event columns hold " + std::to_string(size_));
  }
  const auto slice = static_cast<std::size_t>(std::min<std::uint64_t>(slice_events, size_));
  time_.resize(slice);
  local_time_.resize(info_.local_time_is_time ? 0 : slice);
  kind_.resize(slice);
  side_.resize(slice);
  price_.resize(slice);
  quantity_.resize(slice);
  for (Slice& buffer : slices_) buffer.events.resize(slice);
  slice_events_ = slice;
}

Hdf5MarketReader::~Hdf5MarketReader() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Hdf5MarketReader::fail(std::string_view object, const std::string& problem) const {
  fail_at(file_, object, problem);
}

bool Hdf5MarketReader::refill() {
  position_ = 0;
  buffered_ = 0;
  if (finished_) return false;
  if (!worker_.joinable()) worker_ = std::thread([this] { read_ahead(); });
  std::unique_lock lock(mutex_);
  if (holding_) {
    ++consumed_;
    holding_ = false;
    changed_.notify_all();
  }
  changed_.wait(lock, [&] { return produced_ > consumed_; });
  const Slice& slice = slices_[consumed_ % slices_.size()];
  holding_ = true;
  lock.unlock();
  if (slice.error || slice.count == 0) {
    finished_ = true;
    if (slice.error) std::rethrow_exception(slice.error);
    return false;
  }
  current_ = &slice;
  read_ += slice.count;
  buffered_ = slice.count;
  return true;
}

void Hdf5MarketReader::read_ahead() {
  for (std::uint64_t n = 0;; ++n) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || n - consumed_ < slices_.size(); });
      if (stop_) return;
    }
    Slice& slice = slices_[n % slices_.size()];
    try {
      read_slice(slice);
    } catch (...) {
      slice.error = std::current_exception();
    }
    {
      const std::lock_guard lock(mutex_);
      ++produced_;
    }
    changed_.notify_all();
    if (slice.error || slice.count == 0) return;
  }
}

void Hdf5MarketReader::read_slice(Slice& slice) {
  slice.count = 0;
  if (fetched_ == size_) return;
  const auto count =
      static_cast<std::size_t>(std::min<std::uint64_t>(slice_events_, size_ - fetched_));
  as_input_error([&] {
    time_column_.read(fetched_, std::span(time_).first(count));
    // One clock only: the local times are the times, no need to inflate them again.
    if (!info_.local_time_is_time)
      local_time_column_.read(fetched_, std::span(local_time_).first(count));
    kind_column_.read(fetched_, std::span(kind_).first(count));
    side_column_.read(fetched_, std::span(side_).first(count));
    price_column_.read(fetched_, std::span(price_).first(count));
    quantity_column_.read(fetched_, std::span(quantity_).first(count));
  });
  const std::vector<std::int64_t>& local = info_.local_time_is_time ? time_ : local_time_;
  const std::vector<std::int64_t>& order = info_.clock == EventClock::kExchange ? time_ : local;
  for (std::size_t i = 0; i < count; ++i) {
    if (kind_[i] > static_cast<std::uint8_t>(MarketEvent::Kind::kTrade)) {
      fail(kMarketKindDataset, "event " + std::to_string(fetched_ + i) +
                                   ": expected 0 (clear), 1 (level) or 2 (trade) (got " +
                                   std::to_string(kind_[i]) + ")");
    }
    if (side_[i] > static_cast<std::uint8_t>(engine::Side::kAsk)) {
      fail(kMarketSideDataset, "event " + std::to_string(fetched_ + i) +
                                   ": expected 0 (bid) or 1 (ask) (got " +
                                   std::to_string(side_[i]) + ")");
    }
    if (order[i] < last_time_) {
      fail(info_.clock == EventClock::kExchange ? kMarketTimeDataset : kMarketLocalTimeDataset,
           "event " + std::to_string(fetched_ + i) + " at " + engine::format_timestamp(order[i]) +
               " is earlier than the event before it at " + engine::format_timestamp(last_time_) +
               " (a market file is in time order on its " +
               std::string(event_clock_name(info_.clock)) + " clock)");
    }
    last_time_ = order[i];
    slice.events[i] = MarketEvent{time_[i],
                                  local[i],
                                  static_cast<MarketEvent::Kind>(kind_[i]),
                                  static_cast<engine::Side>(side_[i]),
                                  price_[i],
                                  quantity_[i]};
  }
  fetched_ += count;
  slice.count = count;
}

std::size_t Hdf5MarketReader::next_batch(std::span<MarketEvent> events) {
  std::size_t filled = 0;
  while (filled < events.size()) {
    if (position_ == buffered_ && !refill()) break;
    const std::size_t taken = std::min(events.size() - filled, buffered_ - position_);
    std::copy_n(current_->events.begin() + static_cast<std::ptrdiff_t>(position_), taken,
                events.begin() + static_cast<std::ptrdiff_t>(filled));
    position_ += taken;
    filled += taken;
  }
  return filled;
}

}  // namespace lmsim::sim::replay
