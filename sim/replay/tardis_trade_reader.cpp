#include "sim/replay/tardis_trade_reader.hpp"

namespace lmsim::sim::replay {

using engine::Nanos;
using engine::Side;

namespace {

constexpr std::string_view kExchange = "exchange";
constexpr std::string_view kSymbol = "symbol";
constexpr std::string_view kTimestamp = "timestamp";
constexpr std::string_view kLocalTimestamp = "local_timestamp";
constexpr std::string_view kId = "id";
constexpr std::string_view kSide = "side";
constexpr std::string_view kPrice = "price";
constexpr std::string_view kAmount = "amount";

}  // namespace

TardisTradeReader::TardisTradeReader(std::string path, const TardisOptions& options)
    : stream_(std::move(path)),
      checker_(stream_, options.on_bad_row, counts_),
      steps_(market_steps(options.units)),
      clock_(options.clock) {
  const CsvColumns columns = stream_.read_header(
      {kExchange, kSymbol, kTimestamp, kLocalTimestamp, kId, kSide, kPrice, kAmount}, {});
  width_ = columns.count();
  exchange_ = *columns.find(kExchange);
  symbol_ = *columns.find(kSymbol);
  timestamp_ = *columns.find(kTimestamp);
  local_timestamp_ = *columns.find(kLocalTimestamp);
  side_ = *columns.find(kSide);
  price_ = *columns.find(kPrice);
  amount_ = *columns.find(kAmount);
}

bool TardisTradeReader::parse_row(MarketEvent& event) {
  if (!checker_.width(width_, " as in the header")) return false;
  const std::string_view exchange = stream_.field(exchange_);
  const std::string_view symbol = stream_.field(symbol_);
  if (!have_first_) {
    first_exchange_.assign(exchange);
    first_symbol_.assign(symbol);
    have_first_ = true;
  } else if (exchange != first_exchange_) {
    return checker_.reject(BadRowKind::kUnparsable, exchange_, kExchange,
                           "expected " + quoted(first_exchange_) +
                               " as in the first row (one market per file; got " +
                               quoted(exchange) + ")");
  } else if (symbol != first_symbol_) {
    return checker_.reject(BadRowKind::kUnparsable, symbol_, kSymbol,
                           "expected " + quoted(first_symbol_) +
                               " as in the first row (one market per file; got " + quoted(symbol) +
                               ")");
  }
  if (!checker_.micros(timestamp_, kTimestamp, event.time) ||
      !checker_.micros(local_timestamp_, kLocalTimestamp, event.local_time)) {
    return false;
  }
  const std::string_view side = stream_.field(side_);
  if (side == "buy") {
    event.side = Side::kBid;
  } else if (side == "sell") {
    event.side = Side::kAsk;
  } else if (side.empty() || side == "unknown") {
    return checker_.reject(BadRowKind::kUnknownAggressor, side_, kSide,
                           "the aggressor side is unknown (got " + quoted(side) +
                               "); lmsim needs buy or sell and does not guess");
  } else {
    return checker_.reject(BadRowKind::kUnparsable, side_, kSide,
                           "expected buy or sell (got " + quoted(side) + ")");
  }
  event.kind = MarketEvent::Kind::kTrade;
  return checker_.price(price_, kPrice, steps_.tick, event.price) &&
         checker_.trade_quantity(amount_, kAmount, steps_.lot, event.quantity);
}

bool TardisTradeReader::next(MarketEvent& event) {
  while (stream_.next_row()) {
    if (!parse_row(event)) continue;
    const bool exchange_clock = clock_ == EventClock::kExchange;
    const Nanos key = exchange_clock ? event.time : event.local_time;
    if (!checker_.in_order(key, last_key_, exchange_clock ? timestamp_ : local_timestamp_,
                           exchange_clock ? kTimestamp : kLocalTimestamp)) {
      continue;
    }
    last_key_ = key;
    return true;
  }
  return false;
}

}  // namespace lmsim::sim::replay
