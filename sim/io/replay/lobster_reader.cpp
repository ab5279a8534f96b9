#include "sim/io/replay/lobster_reader.hpp"

#include <stdexcept>

#include "sim/io/replay/input_file.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

using engine::Nanos;
using engine::Side;

namespace {

// LOBSTER prices are USD × 10^4.
constexpr int kPriceExponent = -4;
constexpr std::string_view kDummyAsk = "9999999999";
constexpr std::string_view kDummyBid = "-9999999999";

constexpr std::size_t kTime = 0;
constexpr std::size_t kType = 1;
constexpr std::size_t kOrderId = 2;
constexpr std::size_t kSize = 3;
constexpr std::size_t kPrice = 4;
constexpr std::size_t kDirection = 5;
constexpr std::size_t kMessageFields = 6;
constexpr std::string_view kMessageColumns[kMessageFields] = {"time", "type",  "order_id",
                                                              "size", "price", "direction"};

// UTC midnight of a "YYYY-MM-DD" date, or nullopt.
std::optional<Nanos> date_midnight(std::string_view date) {
  if (date.size() != 10) return std::nullopt;
  return io::parse_timestamp(std::string(date) + "T00:00:00Z");
}

// "34200.017459617" → 34200017459617: whole seconds and up to 9 decimals, read as text so that
// no nanosecond is lost to a double.
std::optional<Nanos> parse_seconds(std::string_view text) {
  Nanos seconds = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9' || __builtin_mul_overflow(seconds, 10, &seconds) ||
        __builtin_add_overflow(seconds, c - '0', &seconds)) {
      return std::nullopt;
    }
  }
  if (i == 0) return std::nullopt;
  Nanos fraction = 0;
  Nanos scale = engine::kNanosPerSecond;
  if (i < text.size()) {
    const std::size_t digits = text.size() - i - 1;
    if (digits == 0 || digits > 9) return std::nullopt;
    for (++i; i < text.size(); ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      scale /= 10;
      fraction += (c - '0') * scale;
    }
  }
  Nanos result = 0;
  if (__builtin_mul_overflow(seconds, engine::kNanosPerSecond, &result) ||
      __builtin_add_overflow(result, fraction, &result)) {
    return std::nullopt;
  }
  return result;
}

// N of a LOBSTER orderbook file name "..._orderbook_N.csv[.gz]", or 0.
std::size_t levels_in_name(const std::string& name) {
  constexpr std::string_view kMarker = "_orderbook_";
  const std::size_t marker = name.rfind(kMarker);
  if (marker == std::string::npos) return 0;
  std::size_t levels = 0;
  std::size_t i = marker + kMarker.size();
  const std::size_t digits_start = i;
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && i - digits_start < 6; ++i)
    levels = levels * 10 + static_cast<std::size_t>(name[i] - '0');
  const std::string_view rest = std::string_view(name).substr(i);
  if (i == digits_start || !(rest.empty() || rest.starts_with("."))) return 0;
  return levels;
}

std::optional<int> small_integer(std::string_view text) {
  const auto value = io::parse_integer(text);
  if (!value || *value < -1000 || *value > 1000) return std::nullopt;
  return static_cast<int>(*value);
}

}  // namespace

LobsterReader::LobsterReader(std::string message_path, std::string orderbook_path,
                             const LobsterOptions& options)
    : messages_(std::move(message_path)),
      book_(std::move(orderbook_path)),
      message_checker_(messages_, options.on_bad_row, counts_),
      book_checker_(book_, options.on_bad_row, counts_),
      steps_(market_steps(options.units)),
      sub_tick_hidden_trades_(options.sub_tick_hidden_trades),
      groups_(book_checker_, queue_, steps_.tick) {
  std::optional<Nanos> day;
  if (!options.trading_date.empty()) {
    day = date_midnight(options.trading_date);
    if (!day) {
      throw std::invalid_argument("trading_date must be YYYY-MM-DD (got " +
                                  io::quoted(options.trading_date) + ")");
    }
  } else {
    const std::string name = file_name(messages_.path());
    const std::size_t first = name.find('_');
    if (first != std::string::npos)
      day = date_midnight(std::string_view(name).substr(first + 1, 10));
    if (!day) {
      throw io::InputError({messages_.path(), 0, 0, ""},
                           "cannot tell the trading date from the file name (expected "
                           "TICKER_YYYY-MM-DD_..., as LOBSTER names its files); give the date "
                           "explicitly");
    }
  }
  midnight_ = *day - options.utc_offset;

  // N comes from the orderbook file's name (..._orderbook_N.csv), or else from the width of its
  // first row, which is then kept for the first call to next().
  levels_ = levels_in_name(file_name(book_.path()));
  if (levels_ == 0) {
    if (!book_.next_row()) {
      first_book_row_pending_ = false;
    } else {
      if (const io::InputError* error = book_.row_error()) throw *error;
      const std::size_t count = book_.field_count();
      if (count == 0 || count % 4 != 0) {
        throw io::InputError(
            book_.row_location(),
            "expected 4 fields per level (ask price, ask size, bid price, bid size; "
            "got " +
                std::to_string(count) + " fields)");
      }
      levels_ = count / 4;
    }
  } else {
    first_book_row_pending_ = false;
  }
  for (std::size_t k = 1; k <= levels_; ++k) {
    const std::string n = std::to_string(k);
    book_columns_.push_back("ask_price_" + n);
    book_columns_.push_back("ask_size_" + n);
    book_columns_.push_back("bid_price_" + n);
    book_columns_.push_back("bid_size_" + n);
  }
  row_.bids.reserve(levels_);
  row_.asks.reserve(levels_);
}

bool LobsterReader::parse_message(Message& message) {
  message = Message{};
  if (!message_checker_.width(kMessageFields)) return false;
  const auto time = parse_seconds(messages_.field(kTime));
  if (!time || __builtin_add_overflow(*time, midnight_, &message.time)) {
    return message_checker_.reject(BadRowKind::kUnparsable, kTime, kMessageColumns[kTime],
                                   "expected seconds after midnight with up to 9 decimals (got " +
                                       io::quoted(messages_.field(kTime)) + ")");
  }
  const auto type = small_integer(messages_.field(kType));
  if (!type || *type < 1 || *type == 6 || *type > 7) {
    return message_checker_.reject(
        BadRowKind::kUnparsable, kType, kMessageColumns[kType],
        "expected 1, 2, 3, 4, 5 or 7 (got " + io::quoted(messages_.field(kType)) + ")");
  }
  message.type = *type;
  const auto order_id = io::parse_integer(messages_.field(kOrderId));
  if (!order_id || *order_id < 0) {
    return message_checker_.reject(
        BadRowKind::kUnparsable, kOrderId, kMessageColumns[kOrderId],
        "expected a non-negative integer (got " + io::quoted(messages_.field(kOrderId)) + ")");
  }
  const auto direction = small_integer(messages_.field(kDirection));
  if (message.type == 7) {
    // LOBSTER's trading-status row: price −1 halt, 0 quoting, 1 resume; direction −1.
    const auto status = small_integer(messages_.field(kPrice));
    if (!status || *status < -1 || *status > 1) {
      return message_checker_.reject(
          BadRowKind::kUnparsable, kPrice, kMessageColumns[kPrice],
          "expected -1 (halt), 0 (quoting) or 1 (resume) in a type 7 message (got " +
              io::quoted(messages_.field(kPrice)) + ")");
    }
    message.status = *status < 0    ? TradingStatusChange::Status::kHalted
                     : *status == 0 ? TradingStatusChange::Status::kQuoting
                                    : TradingStatusChange::Status::kTrading;
    return true;
  }
  const bool execution = message.type == 4 || message.type == 5;
  const bool size_ok =
      execution
          ? message_checker_.trade_quantity(kSize, kMessageColumns[kSize], steps_.lot, message.size)
          : message_checker_.quantity(kSize, kMessageColumns[kSize], steps_.lot, message.size);
  if (!size_ok) return false;
  if (!execution && message.size == 0) {
    return message_checker_.reject(BadRowKind::kNegativeSize, kSize, kMessageColumns[kSize],
                                   "must be > 0 (got 0)");
  }
  if (message.type == 5 && sub_tick_hidden_trades_ == SubTickTrades::kOmit) {
    // A midpoint execution: positive, but between two ticks. Checked here so that it is not
    // reported as off_tick; any other problem with the price still is.
    auto value = parse_decimal(messages_.field(kPrice));
    if (value && value->mantissa > 0) {
      value->exponent += kPriceExponent;
      message.sub_tick = steps_.tick.count(*value).status == DecimalStep::Count::Status::kNotWhole;
    }
  }
  if (!message.sub_tick && !message_checker_.price(kPrice, kMessageColumns[kPrice], steps_.tick,
                                                   message.price, kPriceExponent)) {
    return false;
  }
  if (!direction || (*direction != -1 && *direction != 1)) {
    return message_checker_.reject(BadRowKind::kUnparsable, kDirection, kMessageColumns[kDirection],
                                   "expected -1 (sell limit order) or 1 (buy limit order) (got " +
                                       io::quoted(messages_.field(kDirection)) + ")");
  }
  message.direction = *direction;
  return true;
}

bool LobsterReader::parse_book_side(std::size_t offset, std::vector<PriceLevel>& out, bool is_bid) {
  out.clear();
  const std::string_view dummy = is_bid ? kDummyBid : kDummyAsk;
  bool ended = false;
  for (std::size_t k = 0; k < levels_; ++k) {
    const std::size_t price_field = 4 * k + offset;
    const std::size_t size_field = price_field + 1;
    const std::string_view price_name = book_columns_[price_field];
    const std::string_view size_name = book_columns_[size_field];
    if (book_.field(price_field) == dummy) {
      if (book_.field(size_field) != "0") {
        return book_checker_.reject(BadRowKind::kUnparsable, size_field, size_name,
                                    "expected 0 at an empty level (price " + std::string(dummy) +
                                        "; got " + io::quoted(book_.field(size_field)) + ")");
      }
      ended = true;
      continue;
    }
    if (ended) {
      return book_checker_.reject(BadRowKind::kUnsortedLevels, price_field, price_name,
                                  "an occupied level after an empty one (levels are filled "
                                  "best first)");
    }
    PriceLevel level;
    if (!book_checker_.price(price_field, price_name, steps_.tick, level.price, kPriceExponent) ||
        !book_checker_.quantity(size_field, size_name, steps_.lot, level.quantity)) {
      return false;
    }
    if (level.quantity == 0) {
      return book_checker_.reject(BadRowKind::kNegativeSize, size_field, size_name,
                                  "must be > 0 at an occupied level (got 0)");
    }
    if (!out.empty() &&
        (is_bid ? level.price >= out.back().price : level.price <= out.back().price)) {
      return book_checker_.reject(
          BadRowKind::kUnsortedLevels, price_field, price_name,
          std::string(is_bid ? "bid" : "ask") + " prices must be strictly " +
              (is_bid ? "decreasing" : "increasing") + " from level 1 on (got " +
              std::string(book_.field(price_field)) + " after " +
              std::string(book_.field(price_field - 4)) + ")");
    }
    out.push_back(level);
  }
  return true;
}

bool LobsterReader::parse_book_row() {
  return book_checker_.width(4 * levels_) && parse_book_side(0, row_.asks, false) &&
         parse_book_side(2, row_.bids, true);
}

bool LobsterReader::next(MarketEvent& event) {
  if (queue_.pop(event)) return true;
  Message message;
  while (!ended_ && queue_.empty()) {
    const bool has_message = messages_.next_row();
    const bool has_book = first_book_row_pending_ || book_.next_row();
    first_book_row_pending_ = false;
    if (has_message != has_book) {
      const CsvStream& longer = has_message ? messages_ : book_;
      const CsvStream& shorter = has_message ? book_ : messages_;
      throw io::InputError(longer.row_location(),
                           std::string("the ") + (has_message ? "message" : "orderbook") +
                               " file has a row " + std::to_string(longer.line()) + " but the " +
                               (has_message ? "orderbook" : "message") + " file ends at line " +
                               std::to_string(shorter.line()) +
                               " (row i of the two files describes one event)");
    }
    if (!has_message) {
      if (groups_.is_open() && !groups_.close()) status_changes_.resize(status_changes_committed_);
      status_changes_committed_ = status_changes_.size();
      ended_ = true;
      break;
    }
    if (!parse_message(message) || !parse_book_row()) continue;
    if (!message_checker_.in_order(message.time, last_time_, kTime, kMessageColumns[kTime])) {
      continue;
    }
    last_time_ = message.time;
    if (groups_.is_open() && !groups_.continues(message.time)) {
      if (!groups_.close()) status_changes_.resize(status_changes_committed_);
      status_changes_committed_ = status_changes_.size();
    }
    if (!groups_.is_open()) groups_.open(message.time);
    MarketEvent trade;
    if (message.sub_tick) ++omitted_sub_tick_trades_;
    const bool execution = (message.type == 4 || message.type == 5) && !message.sub_tick;
    if (execution) {
      trade = MarketEvent{message.time,
                          message.time,
                          MarketEvent::Kind::kTrade,
                          message.direction < 0 ? Side::kBid : Side::kAsk,
                          message.price,
                          message.size};
    }
    if (message.type == 7) status_changes_.push_back({message.time, message.status});
    groups_.add_row(message.time, message.time, execution ? &trade : nullptr, row_, book_.line());
  }
  return queue_.pop(event);
}

}  // namespace lmsim::sim::replay
