#include "sim/io/replay/tardis_book_reader.hpp"

#include "sim/io/replay/top_book_groups.hpp"

namespace lmsim::sim::replay {

using engine::Nanos;
using engine::Side;

namespace {

constexpr std::string_view kIsSnapshot = "is_snapshot";
constexpr std::string_view kSide = "side";
constexpr std::string_view kPrice = "price";
constexpr std::string_view kAmount = "amount";

}  // namespace

TardisBookReader::TardisBookReader(std::string path, const TardisOptions& options)
    : stream_(std::move(path)),
      checker_(stream_, options.on_bad_row, counts_),
      steps_(market_steps(options.units)),
      clock_(options.clock) {
  const io::CsvColumns columns = stream_.read_header(
      {"exchange", "symbol", "timestamp", "local_timestamp", kIsSnapshot, kSide, kPrice, kAmount},
      {});
  width_ = columns.count();
  row_start_ = TardisRowStart(columns);
  is_snapshot_ = *columns.find(kIsSnapshot);
  side_ = *columns.find(kSide);
  price_ = *columns.find(kPrice);
  amount_ = *columns.find(kAmount);
}

bool TardisBookReader::parse_row(Row& row) {
  if (!checker_.width(width_, " as in the header")) return false;
  if (!row_start_.parse(checker_, row.time, row.local_time)) return false;
  const std::string_view snapshot = stream_.field(is_snapshot_);
  if (snapshot == "false") {
    row.is_snapshot = false;
  } else if (snapshot == "true") {
    row.is_snapshot = true;
  } else {
    return checker_.reject(BadRowKind::kUnparsable, is_snapshot_, kIsSnapshot,
                           "expected true or false (got " + io::quoted(snapshot) + ")");
  }
  const std::string_view side = stream_.field(side_);
  if (side == "bid") {
    row.side = Side::kBid;
  } else if (side == "ask") {
    row.side = Side::kAsk;
  } else {
    return checker_.reject(BadRowKind::kUnparsable, side_, kSide,
                           "expected bid or ask (got " + io::quoted(side) + ")");
  }
  return checker_.price(price_, kPrice, steps_.tick, row.price) &&
         checker_.quantity(amount_, kAmount, steps_.lot, row.amount);
}

void TardisBookReader::add_row(const Row& row) {
  std::vector<MarketEvent>& events = queue_.group();
  if (row.is_snapshot) {
    const bool new_snapshot = !snapshot_.in_snapshot || row.time != snapshot_.time ||
                              row.local_time != snapshot_.local_time;
    if (new_snapshot) {
      book_.clear();
      events.push_back(
          MarketEvent{row.time, row.local_time, MarketEvent::Kind::kClear, Side::kBid, 0, 0});
    }
    snapshot_ = {true, row.time, row.local_time};
  } else {
    snapshot_.in_snapshot = false;
  }
  book_.set(row.side, row.price, row.amount);
  events.push_back(MarketEvent{row.time, row.local_time, MarketEvent::Kind::kLevel, row.side,
                               row.price, row.amount});
  if (group_rows_++ == 0) group_first_line_ = stream_.line();
  group_last_line_ = stream_.line();
}

void TardisBookReader::close_group() {
  group_open_ = false;
  const auto bid = book_.best_bid();
  const auto ask = book_.best_ask();
  if (!bid || !ask || *bid < *ask) {
    book_.commit();
    queue_.publish_group();
    return;
  }
  checker_.reject_at(BadRowKind::kCrossedBook, {stream_.path(), group_last_line_, 0, ""},
                     crossed_book_problem(group_key_, group_first_line_, group_last_line_,
                                          steps_.tick.format(*bid), steps_.tick.format(*ask)),
                     group_rows_);
  book_.rollback();
  snapshot_ = snapshot_at_group_start_;
  queue_.drop_group();
}

bool TardisBookReader::next(MarketEvent& event) {
  if (queue_.pop(event)) return true;
  Row row;
  while (!ended_ && queue_.empty()) {
    if (!stream_.next_row()) {
      if (group_open_) close_group();
      ended_ = true;
      break;
    }
    if (!parse_row(row) ||
        !row_start_.accept_in_order(checker_, clock_, row.time, row.local_time)) {
      continue;
    }
    const Nanos key = clock_ == EventClock::kExchange ? row.time : row.local_time;
    if (group_open_ && key != group_key_) close_group();
    if (!group_open_) {
      group_open_ = true;
      group_key_ = key;
      group_rows_ = 0;
      snapshot_at_group_start_ = snapshot_;
    }
    add_row(row);
  }
  return queue_.pop(event);
}

}  // namespace lmsim::sim::replay
