// Virtual orders in a recorded book, on hand-built event sequences.
#include <catch2/catch.hpp>

#include "sim/core/replay_venue.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using replay::MarketEvent;

namespace {

constexpr OwnerId kMiner = 1;

MarketEvent level(Side side, Ticks price, Lots quantity) {
  return MarketEvent{0, 0, MarketEvent::Kind::kLevel, side, price, quantity};
}

/// A trade of `quantity` at `price`; `aggressor` kAsk = a sell hitting bids.
MarketEvent trade(Side aggressor, Ticks price, Lots quantity) {
  return MarketEvent{0, 0, MarketEvent::Kind::kTrade, aggressor, price, quantity};
}

std::unique_ptr<ReplayVenue> venue(
    std::unique_ptr<QueueModel> model = std::make_unique<ConservativeQueueModel>()) {
  MarketSpec spec;
  spec.pair = "X-USD";
  spec.tick_size = 1.0;
  spec.lot_size = 1.0;
  auto result =
      std::make_unique<ReplayVenue>(spec, proportional_fees(1.0, 0.0), 2, std::move(model));
  const std::vector<MarketEvent> book{level(Side::kBid, 100, 5), level(Side::kBid, 99, 10),
                                      level(Side::kAsk, 102, 5), level(Side::kAsk, 103, 10)};
  result->apply(book, 0);
  return result;
}

void apply(ReplayVenue& venue, std::vector<MarketEvent> events, Nanos time = 1) {
  venue.apply(events, time);
}

Lots filled(ReplayVenue& venue) {
  Lots total = 0;
  for (const Trade& trade : venue.pending_trades()) total += trade.execution.quantity;
  return total;
}

}  // namespace

TEST_CASE("ReplayVenue: an order behind 5 lots fills only after 5 lots traded at its price",
          "[replay_venue]") {
  auto market = venue();
  const LimitResult order = market->submit_limit(kMiner, Side::kBid, 100, 3, 0);
  REQUIRE(order.resting != 0);
  CHECK(market->queue_ahead(order.resting) == 5);
  // 4 lots sold at 100: all from the queue ahead; the level shows the result.
  apply(*market, {trade(Side::kAsk, 100, 4), level(Side::kBid, 100, 1)});
  CHECK(filled(*market) == 0);
  CHECK(market->queue_ahead(order.resting) == 1);
  // 3 more: 1 consumes the rest of the queue, 2 fill the order.
  apply(*market, {trade(Side::kAsk, 100, 3), level(Side::kBid, 100, 0)});
  CHECK(filled(*market) == 2);
  CHECK(market->queue_ahead(order.resting) == 0);
  // The next lot at 100 fills the last one.
  apply(*market, {trade(Side::kAsk, 100, 1)});
  CHECK(filled(*market) == 3);
  CHECK_FALSE(market->queue_ahead(order.resting));
  const Account& account = market->account(kMiner);
  CHECK(account.base == 3);
  CHECK(account.cash == -300);
  CHECK(account.fees == Approx(300 * 1e-4));
  CHECK(market->pending_trades().back().execution.maker_done);
  // The recorded book never saw the virtual order.
  CHECK(market->book().quantity_at(Side::kBid, 100) == 0);
}

TEST_CASE("ReplayVenue: a trade through the price fills at once", "[replay_venue]") {
  auto market = venue();
  const LimitResult bid = market->submit_limit(kMiner, Side::kBid, 100, 4, 0);
  const LimitResult ask = market->submit_limit(kMiner, Side::kAsk, 103, 2, 0);
  apply(*market, {trade(Side::kAsk, 99, 1)});  // a sell at 99 went through every bid at 100
  CHECK(filled(*market) == 4);
  CHECK_FALSE(market->queue_ahead(bid.resting));
  apply(*market, {trade(Side::kBid, 102, 50)});  // a buy at 102 does not reach 103
  CHECK(filled(*market) == 4);
  apply(*market, {trade(Side::kBid, 104, 1)});
  CHECK(filled(*market) == 6);
  CHECK_FALSE(market->queue_ahead(ask.resting));
}

TEST_CASE("ReplayVenue: orders at one price fill in the order they were placed", "[replay_venue]") {
  auto market = venue();
  const LimitResult first = market->submit_limit(kMiner, Side::kBid, 100, 2, 0);
  const LimitResult second = market->submit_limit(kMiner, Side::kBid, 100, 2, 0);
  apply(*market, {trade(Side::kAsk, 100, 8)});  // 5 ahead, then 2 to the first, 1 to the second
  CHECK_FALSE(market->queue_ahead(first.resting));
  CHECK(market->queue_ahead(second.resting) == 0);
  CHECK(filled(*market) == 3);
}

TEST_CASE("ReplayVenue: the conservative model advances only on trades, within the level",
          "[replay_venue]") {
  auto market = venue();
  const LimitResult order = market->submit_limit(kMiner, Side::kBid, 99, 1, 0);
  CHECK(market->queue_ahead(order.resting) == 10);
  apply(*market, {level(Side::kBid, 99, 7)});      // 3 cancelled: assumed behind the order
  CHECK(market->queue_ahead(order.resting) == 7);  // but no more than the level holds
  apply(*market, {level(Side::kBid, 99, 12)});     // new orders join behind
  CHECK(market->queue_ahead(order.resting) == 7);
  apply(*market, {level(Side::kBid, 99, 9)});  // 3 cancelled behind
  CHECK(market->queue_ahead(order.resting) == 7);
}

TEST_CASE("ReplayVenue: the probabilistic model takes a share of cancellations from the front",
          "[replay_venue]") {
  auto market = venue(std::make_unique<ProbabilisticQueueModel>(2.0));
  const LimitResult order = market->submit_limit(kMiner, Side::kBid, 99, 1, 0);
  apply(*market, {level(Side::kBid, 99, 15)});  // 5 join behind: ahead 10, behind 5
  CHECK(market->queue_ahead(order.resting) == 10);
  // 6 cancelled: share ahead = 10² / (10² + 5²) = 0.8 → 4 (rounded down) from ahead.
  apply(*market, {level(Side::kBid, 99, 9)});
  CHECK(market->queue_ahead(order.resting) == 6);
  // A trade's part of a decrease is not a cancellation.
  apply(*market, {trade(Side::kAsk, 99, 2), level(Side::kBid, 99, 7)});
  CHECK(market->queue_ahead(order.resting) == 4);
  const ProbabilisticQueueModel linear(1.0);
  CHECK(linear.ahead_after_cancellations(10, 20, 16) == 8);  // 4 × 10/20 from ahead
  const ConservativeQueueModel conservative;
  CHECK(conservative.ahead_after_cancellations(10, 20, 16) == 10);
  CHECK(conservative.ahead_after_cancellations(10, 20, 6) == 6);
}

TEST_CASE("ReplayVenue: a crossing order takes the recorded levels without consuming them",
          "[replay_venue]") {
  auto market = venue();
  const LimitResult taken = market->submit_limit(kMiner, Side::kBid, 103, 8, 0);
  CHECK(taken.resting == 0);   // immediate-or-cancel
  CHECK(taken.executed == 8);  // 5 at 102, 3 at 103
  CHECK(market->account(kMiner).cash == -(5 * 102 + 3 * 103));
  CHECK(market->book().quantity_at(Side::kAsk, 102) == 5);
  CHECK(market->submit_market(kMiner, Side::kAsk, 20, 0) == 15);  // all bids, 15 lots
}

TEST_CASE("ReplayVenue: a post-only order that would cross is refused, not taken",
          "[replay_venue]") {
  auto market = venue();
  const LimitResult crossing =
      market->submit_limit(kMiner, Side::kBid, 102, 3, 0, LimitType::kPostOnly);
  CHECK(crossing.would_take);
  CHECK(crossing.executed == 0);
  CHECK(market->account(kMiner).cash == 0);
  CHECK(market->post_only_rejections() == 1);
  const LimitResult resting =
      market->submit_limit(kMiner, Side::kBid, 101, 3, 0, LimitType::kPostOnly);
  CHECK(resting.resting != 0);
  CHECK(market->post_only_rejections() == 1);
}

TEST_CASE("ReplayVenue: budgets, cancels, a clear, and levels far from the market",
          "[replay_venue]") {
  auto market = venue();
  Account& account = market->account(kMiner);
  account.enforce_budget = true;
  account.cash = 500;
  CHECK(market->submit_limit(kMiner, Side::kBid, 100, 6, 0).rejected);
  const LimitResult order = market->submit_limit(kMiner, Side::kBid, 100, 5, 0);
  CHECK(market->account(kMiner).free_cash() == 0);
  CHECK(market->cancel(kMiner, order.resting));
  CHECK_FALSE(market->cancel(kMiner, order.resting));
  CHECK(market->account(kMiner).free_cash() == 500);
  // A level at 1,000 (ten times the price) is outside the replayed window.
  apply(*market, {level(Side::kAsk, 1'000, 3)});
  CHECK(market->levels_outside_window() == 1);
  CHECK(market->book().quantity_at(Side::kAsk, 1'000) == 0);
  // A clear replaces the book.
  apply(*market, {MarketEvent{0, 0, MarketEvent::Kind::kClear, Side::kBid, 0, 0},
                  level(Side::kBid, 98, 1), level(Side::kAsk, 101, 1)});
  CHECK(market->book().best(Side::kBid) == 98);
  CHECK(market->book().best(Side::kAsk) == 101);
  CHECK(market->book().quantity_at(Side::kBid, 100) == 0);
}
