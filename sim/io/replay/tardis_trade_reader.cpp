#include "sim/io/replay/tardis_trade_reader.hpp"

namespace lmsim::sim::replay {

using engine::Nanos;
using engine::Side;

namespace {

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
  const io::CsvColumns columns = stream_.read_header(
      {"exchange", "symbol", "timestamp", "local_timestamp", kId, kSide, kPrice, kAmount}, {});
  width_ = columns.count();
  row_start_ = TardisRowStart(columns);
  side_ = *columns.find(kSide);
  price_ = *columns.find(kPrice);
  amount_ = *columns.find(kAmount);
}

bool TardisTradeReader::parse_row(MarketEvent& event) {
  if (!checker_.width(width_, " as in the header")) return false;
  if (!row_start_.parse(checker_, event.time, event.local_time)) return false;
  const std::string_view side = stream_.field(side_);
  if (side == "buy") {
    event.side = Side::kBid;
  } else if (side == "sell") {
    event.side = Side::kAsk;
  } else if (side.empty() || side == "unknown") {
    return checker_.reject(BadRowKind::kUnknownAggressor, side_, kSide,
                           "the aggressor side is unknown (got " + io::quoted(side) +
                               "); lmsim needs buy or sell and does not guess");
  } else {
    return checker_.reject(BadRowKind::kUnparsable, side_, kSide,
                           "expected buy or sell (got " + io::quoted(side) + ")");
  }
  event.kind = MarketEvent::Kind::kTrade;
  return checker_.price(price_, kPrice, steps_.tick, event.price) &&
         checker_.trade_quantity(amount_, kAmount, steps_.lot, event.quantity);
}

bool TardisTradeReader::next(MarketEvent& event) {
  while (stream_.next_row()) {
    if (parse_row(event) &&
        row_start_.accept_in_order(checker_, clock_, event.time, event.local_time)) {
      return true;
    }
  }
  return false;
}

}  // namespace lmsim::sim::replay
