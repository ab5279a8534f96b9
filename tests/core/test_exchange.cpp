#include <catch2/catch.hpp>

#include "sim/core/exchange.hpp"
#include "sim/core/random_stream.hpp"

using namespace lmsim::sim;

namespace {

MarketSpec spec() {
  MarketSpec market;
  market.pair = "X-Y";
  market.tick_size = 0.01;
  market.lot_size = 0.1;
  return market;
}

}  // namespace

TEST_CASE("Exchange: settlement conserves base and cash across accounts; fees go to the venue",
          "[exchange]") {
  Exchange exchange(spec(), proportional_fees(-1.0, 5.0), 6);
  RandomStream random(5);
  std::vector<std::pair<OwnerId, OrderId>> live;
  for (int step = 0; step < 20'000; ++step) {
    const auto owner = static_cast<OwnerId>(random.below(6));
    const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
    if (random.bernoulli(0.7)) {
      const Ticks price = 10'000 + static_cast<Ticks>(random.below(40)) - 20;
      const LimitResult result =
          exchange.submit_limit(owner, side, price, 1 + static_cast<Lots>(random.below(9)), step);
      if (result.resting) live.emplace_back(owner, result.resting);
    } else if (random.bernoulli(0.5) && !live.empty()) {
      const std::size_t at = random.below(live.size());
      exchange.cancel(live[at].first, live[at].second);
      live[at] = live.back();
      live.pop_back();
    } else {
      exchange.submit_market(owner, side, 1 + static_cast<Lots>(random.below(15)), step);
    }
  }
  Lots base = 0;
  std::int64_t cash = 0;
  double fees = 0.0;
  std::int64_t maker_fills = 0;
  std::int64_t taker_fills = 0;
  for (OwnerId owner = 0; owner < 6; ++owner) {
    const Account& account = exchange.account(owner);
    base += account.base;
    cash += account.cash;
    fees += account.fees;
    maker_fills += account.maker_fills;
    taker_fills += account.taker_fills;
    CHECK(account.bought - account.sold == account.base);
  }
  CHECK(base == 0);  // every fill has an equal and opposite fill
  CHECK(cash == 0);
  CHECK(maker_fills == taker_fills);
  CHECK(fees == Approx(exchange.fee_income()).epsilon(1e-12));
  CHECK(exchange.fee_income() > 0.0);
  CHECK(exchange.pending_trades().size() == static_cast<std::size_t>(maker_fills));
}

TEST_CASE("Exchange: budget-enforced accounts cannot quote beyond their free balances",
          "[exchange]") {
  Exchange exchange(spec(), proportional_fees(-1.0, 5.0), 2);
  Account& miner = exchange.account(1);
  miner.enforce_budget = true;
  miner.base = 10;       // lots
  miner.cash = 100'000;  // cash units (ticks x lots)
  CHECK(exchange.submit_limit(1, Side::kAsk, 10'100, 11, 0).rejected);
  const LimitResult ask = exchange.submit_limit(1, Side::kAsk, 10'100, 10, 0);
  CHECK_FALSE(ask.rejected);
  CHECK(exchange.account(1).free_base() == 0);
  CHECK(exchange.submit_limit(1, Side::kAsk, 10'200, 1, 0).rejected);   // all base is reserved
  CHECK(exchange.submit_limit(1, Side::kBid, 10'000, 11, 0).rejected);  // 110,000 > 100,000
  CHECK_FALSE(exchange.submit_limit(1, Side::kBid, 10'000, 10, 0).rejected);
  CHECK(exchange.cancel(1, ask.resting));
  CHECK(exchange.account(1).free_base() == 10);
  CHECK_FALSE(exchange.cancel(0, ask.resting));  // not resting any more
  CHECK(exchange.rejected_orders() == 3);
  // The background account (no budget) may go short.
  exchange.submit_market(0, Side::kAsk, 5, 1);
  CHECK(exchange.account(0).base == -5);
  CHECK(exchange.account(1).base == 15);
  CHECK(exchange.traded_volume() == 5);
}

TEST_CASE("Exchange: a post-only order that would cross is refused and counted", "[exchange]") {
  Exchange exchange(spec(), proportional_fees(-1.0, 5.0), 2);
  exchange.submit_limit(0, Side::kAsk, 100, 10, 0);
  exchange.submit_limit(0, Side::kBid, 90, 10, 0);
  // At the best ask it would take: refused whole, nothing executed, the book untouched.
  const LimitResult crossing =
      exchange.submit_limit(1, Side::kBid, 100, 5, 0, LimitType::kPostOnly);
  CHECK(crossing.would_take);
  CHECK_FALSE(crossing.rejected);
  CHECK(crossing.resting == 0);
  CHECK(crossing.executed == 0);
  CHECK(exchange.book().quantity_at(Side::kAsk, 100) == 10);
  CHECK(exchange.submit_limit(1, Side::kAsk, 85, 5, 0, LimitType::kPostOnly).would_take);
  CHECK(exchange.post_only_rejections() == 2);
  // One tick inside it rests; a plain limit order at the ask takes.
  const LimitResult inside = exchange.submit_limit(1, Side::kBid, 99, 5, 0, LimitType::kPostOnly);
  CHECK(inside.resting != 0);
  CHECK_FALSE(inside.would_take);
  CHECK(exchange.submit_limit(1, Side::kBid, 100, 5, 0).executed == 5);
  CHECK(exchange.post_only_rejections() == 2);
}

TEST_CASE("Exchange: traded volume by aggressor over a lookback", "[exchange]") {
  Exchange exchange(spec(), proportional_fees(-1.0, 5.0), 2);
  exchange.set_tape_horizon(60);
  exchange.submit_limit(0, Side::kAsk, 100, 100, 0);
  exchange.submit_limit(0, Side::kBid, 90, 100, 0);
  exchange.submit_market(1, Side::kBid, 3, 10);
  exchange.submit_market(1, Side::kAsk, 4, 50);
  exchange.submit_market(1, Side::kBid, 5, 100);
  CHECK(exchange.traded_since(0) == std::pair<Lots, Lots>{5, 4});  // the trade at 10 is forgotten
  CHECK(exchange.traded_since(60) == std::pair<Lots, Lots>{5, 0});
  CHECK(exchange.last_trade_price() == 100);
}

TEST_CASE("Exchange: notes the nearest price each side changed at since a reader last looked",
          "[exchange]") {
  Exchange exchange(spec(), proportional_fees(0.0, 0.0), 2);
  BookChanges& changes = exchange.book_changes();
  REQUIRE(changes.tracked());
  const std::size_t reader = changes.add_reader();
  const std::size_t other = changes.add_reader();
  exchange.submit_limit(0, Side::kBid, 100, 5, 0);
  exchange.submit_limit(0, Side::kBid, 98, 5, 0);
  const OrderId ask = exchange.submit_limit(0, Side::kAsk, 110, 5, 0).resting;
  exchange.submit_limit(0, Side::kAsk, 112, 5, 0);
  BookChanges::Nearest nearest = changes.take(reader);
  CHECK(nearest[0] == 100);  // the highest bid changed
  CHECK(nearest[1] == 110);  // the lowest ask changed
  nearest = changes.take(reader);
  CHECK(nearest[0] == BookChanges::kUnchangedBid);
  CHECK(nearest[1] == BookChanges::kUnchangedAsk);
  CHECK(BookChanges::behind(nearest, Side::kBid, 0));
  // A market sell executes against the best bid; a cancel changes the ask's level.
  exchange.submit_market(1, Side::kAsk, 2, 0);
  exchange.cancel(0, ask);
  nearest = changes.take(reader);
  CHECK(nearest[0] == 100);
  CHECK(nearest[1] == 110);
  CHECK_FALSE(BookChanges::behind(nearest, Side::kBid, 100));
  CHECK(BookChanges::behind(nearest, Side::kBid, 101));
  CHECK(BookChanges::behind(nearest, Side::kAsk, 109));
  // A crossing limit order changes the other side where it executes and its own where it rests.
  exchange.submit_limit(1, Side::kBid, 113, 8, 0);
  nearest = changes.take(reader);
  CHECK(nearest[0] == 113);
  CHECK(nearest[1] == 112);
  // Each reader has its own interval.
  nearest = changes.take(other);
  CHECK(nearest[0] == 113);
  CHECK(nearest[1] == 110);
}
