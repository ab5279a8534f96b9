#include "sim/io/replay/top_book_groups.hpp"

#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

std::string crossed_book_problem(engine::Nanos key, std::int64_t first_line, std::int64_t last_line,
                                 const std::string& best_bid, const std::string& best_ask) {
  const std::string lines = first_line == last_line ? "line " + std::to_string(first_line)
                                                    : "lines " + std::to_string(first_line) + "-" +
                                                          std::to_string(last_line);
  return "crossed book after the update group at " + engine::format_timestamp(key) + " (" + lines +
         "): best bid " + best_bid + " >= best ask " + best_ask;
}

void TopBookGroups::open(engine::Nanos key) {
  open_ = true;
  key_ = key;
  rows_ = 0;
  first_line_ = 0;
  last_line_ = 0;
}

void TopBookGroups::add_row(engine::Nanos time, engine::Nanos local_time, const MarketEvent* trade,
                            TopLevels& row, std::int64_t line) {
  std::vector<MarketEvent>& events = queue_.group();
  if (!cleared_) {
    // Nothing is known of the book before the first row: reset whatever the consumer holds.
    events.push_back(
        MarketEvent{time, local_time, MarketEvent::Kind::kClear, engine::Side::kBid, 0, 0});
    cleared_ = true;
  }
  if (trade != nullptr) events.push_back(*trade);
  append_level_changes(current_, row, time, local_time, events);
  current_.bids.swap(row.bids);
  current_.asks.swap(row.asks);
  if (rows_++ == 0) first_line_ = line;
  last_line_ = line;
}

bool TopBookGroups::close() {
  open_ = false;
  if (!current_.crossed()) {
    committed_.bids.assign(current_.bids.begin(), current_.bids.end());
    committed_.asks.assign(current_.asks.begin(), current_.asks.end());
    committed_cleared_ = cleared_;
    queue_.publish_group();
    return true;
  }
  checker_.reject_at(
      BadRowKind::kCrossedBook, {checker_.stream().path(), last_line_, 0, ""},
      crossed_book_problem(key_, first_line_, last_line_, tick_.format(current_.bids[0].price),
                           tick_.format(current_.asks[0].price)),
      rows_);
  current_.bids.assign(committed_.bids.begin(), committed_.bids.end());
  current_.asks.assign(committed_.asks.begin(), committed_.asks.end());
  cleared_ = committed_cleared_;
  queue_.drop_group();
  return false;
}

}  // namespace lmsim::sim::replay
