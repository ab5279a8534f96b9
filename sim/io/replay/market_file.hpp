#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/lobster_reader.hpp"
#include "sim/io/replay/market_units.hpp"

// The lmsim HDF5 market file (market.h5): a MarketEvent stream stored column by column, written
// by `lmsim convert` (MarketFileWriter) and replayed by Hdf5MarketReader. The layout is an API,
// documented in docs/market-data.md; it changes only with kMarketFileFormatVersion.

namespace lmsim::sim::replay {

/// The root attribute `format` of every market file.
inline constexpr std::string_view kMarketFileFormat = "lmsim-market";
/// The root attribute `format_version`: the layout written by this lmsim, and the newest it
/// reads.
inline constexpr std::int64_t kMarketFileFormatVersion = 1;

/// The event columns, one element per event in stream order, all of the same length.
inline constexpr std::string_view kMarketTimeDataset = "/events/time";             // int64 ns
inline constexpr std::string_view kMarketLocalTimeDataset = "/events/local_time";  // int64 ns
inline constexpr std::string_view kMarketKindDataset = "/events/kind";             // uint8
inline constexpr std::string_view kMarketSideDataset = "/events/side";             // uint8
inline constexpr std::string_view kMarketPriceDataset = "/events/price";           // int64 ticks
inline constexpr std::string_view kMarketQuantityDataset = "/events/quantity";     // int64 lots

/// The `units` attribute of each column.
inline constexpr std::string_view kMarketTimeUnits = "ns since the Unix epoch (UTC)";
inline constexpr std::string_view kMarketKindUnits = "0 = clear, 1 = level, 2 = trade";
inline constexpr std::string_view kMarketSideUnits =
    "0 = bid, 1 = ask (trades: the aggressor's side)";
inline constexpr std::string_view kMarketPriceUnits = "ticks of tick_size";
inline constexpr std::string_view kMarketQuantityUnits = "lots of lot_size";

/// How the event columns are compressed: deflate level 4 without the byte-shuffle filter that
/// lmsim's other streamed datasets use. Measured on the Binance and LOBSTER samples, shuffling
/// made the files 3–6 % larger and replay 10–25 % slower: the bytes of neighbouring timestamps,
/// prices and sizes repeat as whole runs, which deflate matches as well unshuffled, while the
/// shuffle costs a pass over every byte read. Inflating dominates replay time, so the level is
/// a balance: level 1 inflates no faster, level 9 writes 10× slower for 4 % less.
inline constexpr io::Hdf5Compression kMarketFileCompression{4, false};

/// One input file of a conversion, as recorded in the market file.
struct MarketFileInput {
  std::string name;    // the file's name without its directory
  std::string sha256;  // SHA-256 of the file's bytes as stored (gzip: compressed), lowercase hex

  bool operator==(const MarketFileInput&) const = default;
};

/// How many events of each kind a stream holds.
struct MarketEventCounts {
  std::int64_t clear = 0;
  std::int64_t level = 0;
  std::int64_t trade = 0;

  std::int64_t total() const { return clear + level + trade; }
  void add(MarketEvent::Kind kind) {
    if (kind == MarketEvent::Kind::kClear) {
      ++clear;
    } else if (kind == MarketEvent::Kind::kLevel) {
      ++level;
    } else {
      ++trade;
    }
  }
  bool operator==(const MarketEventCounts&) const = default;
};

/// What a LOBSTER conversion records besides the events (the group `/lobster`).
struct LobsterFileInfo {
  std::string trading_date;                  // "YYYY-MM-DD", as given or taken from the file name
  engine::Nanos utc_offset = 0;              // the exchange's offset from UTC that was applied
  std::int64_t levels = 0;                   // N of the orderbook file
  std::int64_t omitted_sub_tick_trades = 0;  // hidden executions between ticks (not events)
  std::vector<TradingStatusChange> trading_status_changes;  // type-7 messages (not events)

  bool operator==(const LobsterFileInfo&) const = default;
};

/// Everything a market file says about its events besides the events themselves: where they
/// came from and how they were read (the root attributes and `/lobster`).
struct MarketFileInfo {
  /// The lmsim that wrote the file.
  std::string lmsim_version;
  /// "lobster" or "tardis".
  std::string source_format;
  /// The clock the stream is ordered by.
  EventClock clock = EventClock::kExchange;
  /// tick_size and lot_size: prices are whole ticks, quantities whole lots.
  MarketUnits units;
  /// The market, "" when the source does not say.
  std::string exchange;
  std::string symbol;
  /// The input files, in the order they were merged.
  std::vector<MarketFileInput> inputs;
  OnBadRow on_bad_row = OnBadRow::kError;
  /// The rows left out of the stream (OnBadRow::kSkip).
  BadRowCounts bad_rows;
  MarketEventCounts events;
  /// The times of the first and last event on `clock`; 0 without events.
  engine::Nanos first_time = 0;
  engine::Nanos last_time = 0;
  /// Every event's local_time equals its time (sources with one clock, such as LOBSTER): a
  /// reader may then take local_time from /events/time and skip inflating /events/local_time.
  bool local_time_is_time = true;
  /// For source_format "lobster".
  std::optional<LobsterFileInfo> lobster;

  bool operator==(const MarketFileInfo&) const = default;
};

/// The root attribute `inputs`: one line per input file, "<sha256>  <name>\n", the format of
/// `sha256sum`, so that `sha256sum -c` can check the files beside the market file.
std::string market_inputs_text(const std::vector<MarketFileInput>& inputs);
/// The inputs listed by `text` in that format; nullopt when a line is not "<64 hex>  <name>".
std::optional<std::vector<MarketFileInput>> parse_market_inputs_text(std::string_view text);

/// "+HH:MM" / "-HH:MM" text of a UTC offset (whole minutes).
std::string format_utc_offset(engine::Nanos offset);
/// A UTC offset written "+HH:MM" or "-HH:MM" (HH 00–23, MM 00–59); nullopt for anything else.
std::optional<engine::Nanos> parse_utc_offset(std::string_view text);

}  // namespace lmsim::sim::replay
