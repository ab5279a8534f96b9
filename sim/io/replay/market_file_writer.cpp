#include "sim/io/replay/market_file_writer.hpp"

#include <stdexcept>

#include "engine/version.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

MarketFileWriter::MarketFileWriter(const std::filesystem::path& path, EventClock clock,
                                   io::Hdf5Compression compression)
    : writer_(path),
      clock_(clock),
      time_(writer_, kMarketTimeDataset, kMarketTimeUnits, compression),
      local_time_(writer_, kMarketLocalTimeDataset, kMarketTimeUnits, compression),
      kind_(writer_, kMarketKindDataset, kMarketKindUnits, compression),
      side_(writer_, kMarketSideDataset, kMarketSideUnits, compression),
      price_(writer_, kMarketPriceDataset, kMarketPriceUnits, compression),
      quantity_(writer_, kMarketQuantityDataset, kMarketQuantityUnits, compression) {
  time_buffer_.reserve(kBatchEvents);
  local_time_buffer_.reserve(kBatchEvents);
  kind_buffer_.reserve(kBatchEvents);
  side_buffer_.reserve(kBatchEvents);
  price_buffer_.reserve(kBatchEvents);
  quantity_buffer_.reserve(kBatchEvents);
}

void MarketFileWriter::append(const MarketEvent& event) {
  const engine::Nanos time = time_on(event, clock_);
  if (counts_.total() == 0) {
    first_time_ = time;
  } else if (time < last_time_) {
    throw std::invalid_argument("MarketFileWriter: event at " + engine::format_timestamp(time) +
                                " is earlier than the one before it at " +
                                engine::format_timestamp(last_time_));
  }
  last_time_ = time;
  local_time_is_time_ = local_time_is_time_ && event.local_time == event.time;
  counts_.add(event.kind);
  time_buffer_.push_back(event.time);
  local_time_buffer_.push_back(event.local_time);
  kind_buffer_.push_back(static_cast<std::uint8_t>(event.kind));
  side_buffer_.push_back(static_cast<std::uint8_t>(event.side));
  price_buffer_.push_back(event.price);
  quantity_buffer_.push_back(event.quantity);
  if (time_buffer_.size() == kBatchEvents) flush();
}

void MarketFileWriter::append(std::span<const MarketEvent> events) {
  for (const MarketEvent& event : events) append(event);
}

void MarketFileWriter::flush() {
  time_.append(std::span<const std::int64_t>(time_buffer_));
  local_time_.append(std::span<const std::int64_t>(local_time_buffer_));
  kind_.append(std::span<const std::uint8_t>(kind_buffer_));
  side_.append(std::span<const std::uint8_t>(side_buffer_));
  price_.append(std::span<const std::int64_t>(price_buffer_));
  quantity_.append(std::span<const std::int64_t>(quantity_buffer_));
  time_buffer_.clear();
  local_time_buffer_.clear();
  kind_buffer_.clear();
  side_buffer_.clear();
  price_buffer_.clear();
  quantity_buffer_.clear();
}

MarketFileInfo MarketFileWriter::finish(MarketFileInfo info) {
  flush();
  time_.close();
  local_time_.close();
  kind_.close();
  side_.close();
  price_.close();
  quantity_.close();

  info.lmsim_version = engine::kVersion;
  info.clock = clock_;
  info.events = counts_;
  info.first_time = counts_.total() > 0 ? first_time_ : 0;
  info.last_time = counts_.total() > 0 ? last_time_ : 0;
  info.local_time_is_time = local_time_is_time_;

  // Attributes in a fixed order: the file's bytes depend on it.
  const std::string_view root = "/";
  writer_.set_attribute(root, "format", kMarketFileFormat);
  writer_.set_attribute(root, "format_version", kMarketFileFormatVersion);
  writer_.set_attribute(root, "lmsim_version", info.lmsim_version);
  writer_.set_attribute(root, "source_format", info.source_format);
  writer_.set_attribute(root, "exchange", info.exchange);
  writer_.set_attribute(root, "symbol", info.symbol);
  writer_.set_attribute(root, "clock", event_clock_name(info.clock));
  writer_.set_attribute(root, "tick_size", info.units.tick_size);
  writer_.set_attribute(root, "lot_size", info.units.lot_size);
  writer_.set_attribute(root, "inputs", market_inputs_text(info.inputs));
  writer_.set_attribute(root, "events", info.events.total());
  writer_.set_attribute(root, "clear_events", info.events.clear);
  writer_.set_attribute(root, "level_events", info.events.level);
  writer_.set_attribute(root, "trade_events", info.events.trade);
  writer_.set_attribute(root, "first_time", info.first_time);
  writer_.set_attribute(root, "last_time", info.last_time);
  writer_.set_attribute(root, "local_time_is_time", std::int64_t{info.local_time_is_time ? 1 : 0});
  writer_.set_attribute(root, "on_bad_row", on_bad_row_name(info.on_bad_row));
  for (const BadRowKind kind : kAllBadRowKinds) {
    writer_.set_attribute(root, "bad_rows_" + std::string(bad_row_kind_name(kind)),
                          info.bad_rows[kind]);
  }
  writer_.set_attribute(root, "dropped_rows", info.bad_rows.dropped_rows);

  if (info.lobster) {
    const LobsterFileInfo& lobster = *info.lobster;
    std::vector<std::int64_t> status_time;
    std::vector<std::uint8_t> status;
    for (const TradingStatusChange& change : lobster.trading_status_changes) {
      status_time.push_back(change.time);
      status.push_back(static_cast<std::uint8_t>(change.status));
    }
    writer_.write("/lobster/trading_status_time", status_time, kMarketTimeUnits);
    writer_.write("/lobster/trading_status", status,
                  "0 = halted, 1 = quoting (trading halted), 2 = trading");
    writer_.set_attribute("/lobster", "trading_date", lobster.trading_date);
    writer_.set_attribute("/lobster", "utc_offset", format_utc_offset(lobster.utc_offset));
    writer_.set_attribute("/lobster", "levels", lobster.levels);
    writer_.set_attribute("/lobster", "omitted_sub_tick_trades", lobster.omitted_sub_tick_trades);
  }
  writer_.close();
  return info;
}

}  // namespace lmsim::sim::replay
