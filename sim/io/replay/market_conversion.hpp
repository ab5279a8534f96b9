#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/replay/market_file.hpp"
#include "sim/io/replay/market_units.hpp"

namespace lmsim::sim::replay {

/// The recorded formats `lmsim convert` reads.
enum class RecordedFormat : std::uint8_t {
  kLobster,  // a LOBSTER message file and its orderbook file
  kTardis,   // tardis.dev CSV: incremental_book_L2, book_snapshot_N and/or trades files
};

/// "lobster" or "tardis".
std::string_view recorded_format_name(RecordedFormat format);

/// What to convert, and how to read it (the options of `lmsim convert`).
struct ConversionOptions {
  RecordedFormat format = RecordedFormat::kLobster;
  /// LOBSTER: a message file and its orderbook file (told apart by the names LOBSTER gives them,
  /// ..._message_N.csv and ..._orderbook_N.csv, else taken in that order). tardis: one or more
  /// files of one market, each type told from its header.
  std::vector<std::string> inputs;
  /// The price and quantity grid. LOBSTER: $0.01 and 1 share when not given. tardis: required
  /// (std::invalid_argument without it; the CLI says which option is missing first).
  std::optional<MarketUnits> units;
  /// tardis: the clock to order by. LOBSTER has only the exchange's (local_time == time).
  EventClock clock = EventClock::kExchange;
  /// LOBSTER: "YYYY-MM-DD", or "" to take it from the message file's name.
  std::string trading_date;
  /// LOBSTER: the exchange's offset from UTC on the trading date (default New York daylight
  /// time, right for the 2012-06-21 samples).
  engine::Nanos utc_offset = -4 * engine::kNanosPerHour;
  OnBadRow on_bad_row = OnBadRow::kError;
};

class LobsterReader;

/// A recorded market opened for reading as one time-ordered stream (itself a MarketEventReader):
/// what `lmsim convert` writes
/// out and what a replay reads. Inputs are merged in a fixed order whatever order they were given
/// in: LOBSTER is one stream; tardis files are merged incremental_book_L2 first, then
/// book_snapshot_N, then trades, files of one type by path, so that at equal times book updates
/// come before trades.
class RecordedSource final : public MarketEventReader {
 public:
  bool next(MarketEvent& event) override { return reader_->next(event); }
  std::size_t next_batch(std::span<MarketEvent> events) override {
    return reader_->next_batch(events);
  }
  EventClock clock() const override { return reader_->clock(); }
  BadRowCounts bad_rows() const override { return reader_->bad_rows(); }
  MarketEventReader& reader() { return *reader_; }
  /// The inputs in merge order (LOBSTER: message file, then orderbook file).
  const std::vector<std::string>& paths() const { return paths_; }
  const MarketUnits& units() const { return units_; }
  /// LOBSTER's reader (part of reader()), or nullptr for tardis data.
  const LobsterReader* lobster() const { return lobster_; }
  /// Throws InputError unless every tardis input that has read a row names the same exchange
  /// and symbol (data of one market only).
  void check_one_market() const;
  /// The exchange and symbol the tardis rows name (empty for LOBSTER or before the first row).
  const std::string& exchange() const;
  const std::string& symbol() const;

 private:
  friend RecordedSource open_recorded_source(const ConversionOptions& options);
  struct Input {
    std::string path;
    const std::string* exchange = nullptr;  ///< the reader's, filled once it has read a row
    const std::string* symbol = nullptr;
  };
  std::unique_ptr<MarketEventReader> reader_;
  std::vector<std::string> paths_;
  std::vector<Input> inputs_;
  MarketUnits units_;
  const LobsterReader* lobster_ = nullptr;
};

/// Opens the recorded data `options` names (see RecordedSource). Throws InputError for unreadable
/// files and headers, std::invalid_argument for unusable options.
RecordedSource open_recorded_source(const ConversionOptions& options);

/// Reads recorded market data and writes it as a market file at `output` (a staging path: the
/// caller moves it into place), returning the info written, with the event and bad-row counts.
///
/// - Inputs are read with the format's readers (every row checked, OnBadRow applied) and merged
///   by MergedReader in a fixed order, whatever order they were given in: LOBSTER is one
///   stream; tardis files are merged incremental_book_L2 first, then book_snapshot_N, then
///   trades, files of one type by path. At equal times the earlier stream wins, so book
///   updates come before trades.
/// - Streaming: memory is bounded by the readers' buffers and the writer's batches, not by the
///   length of the data.
/// - All tardis files must be of one market: the first row's `exchange` and `symbol` agree
///   across files (InputError naming both files otherwise). LOBSTER's symbol is the ticker of
///   its file names; its exchange is not recorded.
/// - Every input's SHA-256 is recorded with its name.
///
/// Throws InputError for unreadable or bad input (file:line:col under OnBadRow::kError), and
/// std::invalid_argument for unusable options.
MarketFileInfo convert_to_market_file(const ConversionOptions& options,
                                      const std::filesystem::path& output);

}  // namespace lmsim::sim::replay
