#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/time.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/market_units.hpp"
#include "sim/io/replay/pending_events.hpp"
#include "sim/io/replay/row_checker.hpp"
#include "sim/io/replay/top_book_groups.hpp"

namespace lmsim::sim::replay {

/// What LobsterReader does with a hidden execution priced between two ticks.
enum class SubTickTrades : std::uint8_t {
  kOmit,    // no kTrade; counted in LobsterReader::omitted_sub_tick_trades()
  kBadRow,  // an off_tick bad row like any other (an error under OnBadRow::kError)
};

/// How to read a LOBSTER message/orderbook pair.
struct LobsterOptions {
  /// The trading day, "YYYY-MM-DD"; empty: taken from the message file's name
  /// (TICKER_YYYY-MM-DD_StartMs_EndMs_message_N.csv).
  std::string trading_date;
  /// The exchange's offset from UTC on that day (local = UTC + offset). LOBSTER times are
  /// seconds after the exchange's local midnight; the default, −4 h, is New York daylight time
  /// (EDT), right for the 2012-06-21 NASDAQ samples; use −5 h for dates under EST.
  engine::Nanos utc_offset = -4 * engine::kNanosPerHour;
  /// LOBSTER's equities: tick $0.01, lot 1 share.
  MarketUnits units{0.01, 1.0};
  OnBadRow on_bad_row = OnBadRow::kError;
  /// Hidden executions (type 5) at a price between ticks are real trades, not bad data: NASDAQ
  /// midpoint orders execute at half a cent inside the spread (63 of AMZN's 2,445 hidden
  /// executions on 2012-06-21, e.g. $223.795). They rest on no visible level, so they cannot
  /// fill an order on the tick grid, and a tick price cannot name them without rounding. By
  /// default they are left out of the stream and counted; kBadRow treats them as off_tick; a
  /// tick_size of 0.005 names them exactly.
  SubTickTrades sub_tick_hidden_trades = SubTickTrades::kOmit;
};

/// A LOBSTER trading-status message (type 7), which produces no event.
struct TradingStatusChange {
  enum class Status : std::uint8_t {
    kHalted,   // price −1: trading halted
    kQuoting,  // price 0: quoting resumes, trading still halted
    kTrading,  // price 1: trading resumes
  };
  engine::Nanos time = 0;
  Status status = Status::kHalted;
  bool operator==(const TradingStatusChange&) const = default;
};

/// Reads a LOBSTER message file and its orderbook file (plain or gzip, any number of levels N)
/// as one event stream. Row i of the message file is the event that turned orderbook row i−1
/// into row i.
///
/// - Times are seconds after the exchange's local midnight with up to 9 decimals, read as text
///   into exact nanoseconds and shifted to UTC with the trading date and `utc_offset`;
///   local_time == time. Prices are USD × 10^4 (2238200 = $223.82), sizes shares.
/// - The first accepted row emits kClear and the levels of its orderbook row (the book before
///   the first message is unknown). Every row then emits, in this order:
///   1. for an execution (type 4 visible, type 5 hidden), a kTrade at the message's price and
///      size; the aggressor is the opposite of Direction (executing a sell (−1) limit order is
///      a buyer-initiated trade: kBid). It comes first because the message caused the book
///      change: a consumer sees the trade against the book it hit;
///   2. a kLevel for every (side, price) whose visible size differs between orderbook rows i−1
///      and i, removals first. Hidden executions leave the visible book unchanged.
/// - Only the top N levels are recorded: a price that leaves the window is emitted as removed
///   (quantity 0) although it may still rest deeper, and depth beyond N is unknown.
/// - Dummy levels (ask 9999999999 / bid −9999999999, size 0) mark empty positions and produce
///   nothing. Type 7 (trading halt/quote/resume) rows produce no event; they are listed in
///   `trading_status_changes()`.
/// - Checks: 6 message fields and 4×N orderbook fields, types 1–5 and 7, times non-decreasing,
///   prices > 0 whole in ticks, sizes > 0 whole in lots, levels strictly ordered, and each
///   update group (rows with one time) ending uncrossed. A bad pair of rows is reported at its
///   own file and line; under kSkip the pair is dropped and the next row is diffed against the
///   last accepted one. Files of unequal length throw under both policies.
class LobsterReader final : public MarketEventReader {
 public:
  /// Opens both files and learns N from the orderbook file's name (..._orderbook_N.csv), or
  /// else from its first row. Throws InputError when a file cannot be read, the date cannot be
  /// told, or N comes from a first row that is not 4×N fields; std::invalid_argument for
  /// unusable options.
  LobsterReader(std::string message_path, std::string orderbook_path,
                const LobsterOptions& options = {});

  bool next(MarketEvent& event) override;
  EventClock clock() const override { return EventClock::kExchange; }
  BadRowCounts bad_rows() const override { return counts_; }

  /// N: the number of levels per side in each orderbook row.
  std::size_t levels() const { return levels_; }
  /// UTC nanoseconds of the exchange's local midnight on the trading day.
  engine::Nanos midnight() const { return midnight_; }
  /// The type-7 messages read so far, in file order. Those of a group dropped as crossed are
  /// removed again; those of the group being assembled can be ahead of the last event
  /// returned by up to one update group.
  const std::vector<TradingStatusChange>& trading_status_changes() const { return status_changes_; }
  /// Hidden executions left out for a price between ticks (SubTickTrades::kOmit).
  std::int64_t omitted_sub_tick_trades() const { return omitted_sub_tick_trades_; }
  /// Uncompressed bytes read from both files so far.
  std::uint64_t bytes_read() const { return messages_.bytes_read() + book_.bytes_read(); }

 private:
  struct Message {
    engine::Nanos time = 0;
    int type = 0;
    Lots size = 0;
    Ticks price = 0;
    int direction = 0;
    bool sub_tick = false;  // a hidden execution between ticks, left out
    TradingStatusChange::Status status = TradingStatusChange::Status::kHalted;
  };

  bool parse_message(Message& message);
  bool parse_book_row();
  bool parse_book_side(std::size_t offset, std::vector<PriceLevel>& out, bool is_bid);

  CsvStream messages_;
  CsvStream book_;
  BadRowCounts counts_;
  RowChecker message_checker_;
  RowChecker book_checker_;
  MarketSteps steps_;
  SubTickTrades sub_tick_hidden_trades_;
  std::int64_t omitted_sub_tick_trades_ = 0;
  engine::Nanos midnight_ = 0;
  std::size_t levels_ = 0;
  std::vector<std::string> book_columns_;
  bool first_book_row_pending_ = true;

  PendingEvents queue_;
  TopBookGroups groups_;
  TopLevels row_;
  bool ended_ = false;
  engine::Nanos last_time_ = std::numeric_limits<engine::Nanos>::min();
  std::vector<TradingStatusChange> status_changes_;
  std::size_t status_changes_committed_ = 0;
};

}  // namespace lmsim::sim::replay
