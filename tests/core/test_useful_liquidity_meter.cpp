// What each miner offers takers at a snapshot, computed by hand on a small book.
#include <catch2/catch.hpp>

#include <algorithm>
#include <tuple>
#include <vector>

#include "sim/core/exchange.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/useful_liquidity_meter.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

// Bids: background 10 @ 100, miner 0 5 @ 100, miner 1 4 @ 99, background 6 @ 98.
// Asks: miner 0 2 @ 101, background 3 @ 101, miner 1 10 @ 103. Ticks and lots of 1.
const std::vector<RestingMinerOrder> kMinerOrders = {{0, Side::kBid, 100, 5},
                                                     {1, Side::kBid, 99, 4},
                                                     {0, Side::kAsk, 101, 2},
                                                     {1, Side::kAsk, 103, 10}};

OrderBook book_with(bool miners) {
  OrderBook book;
  std::vector<Execution> executions;
  book.submit_limit(100, Side::kBid, 100, 10, 0, executions);
  book.submit_limit(100, Side::kBid, 98, 6, 0, executions);
  book.submit_limit(100, Side::kAsk, 101, 3, 0, executions);
  if (miners) {
    for (const RestingMinerOrder& order : kMinerOrders) {
      book.submit_limit(order.miner, order.side, order.price, order.remaining, 0, executions);
    }
  }
  REQUIRE(executions.empty());
  return book;
}

void check_measures(const UsefulLiquidityMeter& meter, bool whole_side) {
  CHECK(meter.size_at_touch(Side::kBid)[0] == 5.0);
  CHECK(meter.size_at_touch(Side::kBid)[1] == 0.0);
  CHECK(meter.size_at_touch(Side::kAsk)[0] == 2.0);
  CHECK(meter.size_at_touch(Side::kAsk)[1] == 0.0);
  // A sell of 1 takes 1/15 of the 15 lots at 100 and a sell of 10 takes 10/15: miner 0's 5 lots
  // count 5 × 11/15. An order of 100 walks the whole side: every lot counts once more.
  const double extra = whole_side ? 1.0 : 0.0;
  CHECK(meter.reference_fill(Side::kBid)[0] == Approx(5.0 * 11.0 / 15.0 + 5.0 * extra));
  CHECK(meter.reference_fill(Side::kBid)[1] == Approx(4.0 * extra));
  // A buy of 1 takes 1/5 of the 5 lots at 101; a buy of 10 takes them all and 5 of the 10 at 103.
  CHECK(meter.reference_fill(Side::kAsk)[0] == Approx(2.0 / 5.0 + 2.0 + 2.0 * extra));
  CHECK(meter.reference_fill(Side::kAsk)[1] == Approx(5.0 + 10.0 * extra));
}

}  // namespace

TEST_CASE("UsefulLiquidityMeter: size at the touch and parts of the reference orders' walks",
          "[useful_liquidity]") {
  const MarketSpec spec{"A-B", 1.0, 1.0};
  UsefulLiquidityMeter meter(spec, {10.0, 1.0}, 2);
  const OrderBook book = book_with(true);
  meter.measure(book, kMinerOrders, false);
  check_measures(meter, false);
  UsefulLiquidityMeter deeper(spec, {1.0, 100.0, 10.0}, 2);
  deeper.measure(book, kMinerOrders, false);
  check_measures(deeper, true);
}

TEST_CASE("UsefulLiquidityMeter: a replay's virtual orders join the recorded book alike",
          "[useful_liquidity]") {
  const MarketSpec spec{"A-B", 1.0, 1.0};
  UsefulLiquidityMeter meter(spec, {1.0, 10.0, 100.0}, 2);
  meter.measure(book_with(false), kMinerOrders, true);
  check_measures(meter, true);
  // A virtual bid better than the recorded best is the touch.
  const std::vector<RestingMinerOrder> inside = {{1, Side::kBid, 100, 1}, {0, Side::kBid, 100, 2}};
  OrderBook recorded;
  std::vector<Execution> executions;
  recorded.submit_limit(100, Side::kBid, 99, 5, 0, executions);
  meter.measure(recorded, inside, true);
  CHECK(meter.size_at_touch(Side::kBid)[0] == 2.0);
  CHECK(meter.size_at_touch(Side::kBid)[1] == 1.0);
  CHECK(meter.reference_fill(Side::kAsk)[0] == 0.0);  // an empty side fills nothing
  // Sell 1 takes a third of the 3 virtual lots at 100; 10 and 100 walk everything.
  CHECK(meter.reference_fill(Side::kBid)[0] == Approx(2.0 / 3.0 + 4.0));
}

TEST_CASE("UsefulLiquidityMeter: a measurement kept for an unchanged side equals one made afresh",
          "[useful_liquidity]") {
  // Random flow through an exchange whose changes the kept meter reads; a fresh meter measures
  // the same book every time. Miners 0 and 1 own accounts 0 and 1; the background owns 2.
  MarketSpec spec;
  spec.pair = "A-B";
  spec.tick_size = 1.0;
  spec.lot_size = 1.0;
  Exchange exchange(spec, proportional_fees(0.0, 0.0), 3);
  const std::size_t reader = exchange.book_changes().add_reader();
  UsefulLiquidityMeter kept(spec, {1.0, 10.0, 40.0}, 2);
  RandomStream random(17);
  std::vector<std::pair<OwnerId, OrderId>> live;
  std::vector<RestingMinerOrder> orders;
  int reused = 0;
  for (int step = 0; step < 5'000; ++step) {
    for (int action = 0; action < 1 + static_cast<int>(random.below(3)); ++action) {
      const auto owner = static_cast<OwnerId>(random.below(3));
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const double draw = random.uniform();
      if (draw < 0.55) {
        // Mostly deep orders, which a walk of 40 lots seldom reaches.
        const auto distance = static_cast<Ticks>(random.below(random.bernoulli(0.7) ? 200 : 10));
        const Ticks price = side == Side::kBid ? 999 - distance : 1001 + distance;
        const LimitResult result =
            exchange.submit_limit(owner, side, price, 1 + static_cast<Lots>(random.below(9)), step);
        if (result.resting) live.emplace_back(owner, result.resting);
      } else if (draw < 0.95 && !live.empty()) {
        const std::size_t at = random.below(live.size());
        exchange.cancel(live[at].first, live[at].second);
        live[at] = live.back();
        live.pop_back();
      } else {
        exchange.submit_market(owner, side, 1 + static_cast<Lots>(random.below(5)), step);
      }
    }
    orders.clear();
    for (const auto& [owner, id] : live) {
      const RestingOrder* order = exchange.book().find(id);
      if (order != nullptr && owner < 2) {
        orders.push_back(RestingMinerOrder{owner, order->side, order->price, order->remaining});
      }
    }
    std::sort(orders.begin(), orders.end(), [](const auto& a, const auto& b) {
      return std::tie(a.miner, a.price) < std::tie(b.miner, b.price);
    });
    const BookChanges::Nearest changes = exchange.book_changes().take(reader);
    reused += BookChanges::behind(changes, Side::kBid, 990) ? 1 : 0;
    kept.measure(exchange.book(), orders, false, &changes);
    UsefulLiquidityMeter fresh(spec, {1.0, 10.0, 40.0}, 2);
    fresh.measure(exchange.book(), orders, false);
    for (const Side side : {Side::kBid, Side::kAsk}) {
      for (std::size_t miner = 0; miner < 2; ++miner) {
        REQUIRE(kept.size_at_touch(side)[miner] == fresh.size_at_touch(side)[miner]);
        REQUIRE(kept.reference_fill(side)[miner] == fresh.reference_fill(side)[miner]);
      }
    }
  }
  CHECK(reused > 500);  // the flow leaves the near levels alone often enough to test the reuse
}

TEST_CASE("UsefulLiquidityMeter: a deep book measured by whole blocks equals it level by level",
          "[useful_liquidity]") {
  // The miners' orders in the book are measured taking whole 64-level blocks where no reference
  // size stops; the same orders kept out of the book, as a replay's virtual orders are, are
  // measured level by level. Books spread over many blocks, with sizes stopping in the first
  // block, in later ones, at a block's first and last levels, and beyond the whole side.
  const MarketSpec spec{"A-B", 1.0, 1.0};
  RandomStream random(29);
  for (int trial = 0; trial < 300; ++trial) {
    OrderBook with_miners;
    OrderBook without;
    std::vector<Execution> executions;
    for (int order = 0; order < 150; ++order) {
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const auto distance = static_cast<Ticks>(random.below(random.bernoulli(0.5) ? 20 : 600));
      const Ticks price = side == Side::kBid ? 2000 - distance : 2001 + distance;
      const auto lots = 1 + static_cast<Lots>(random.below(30));
      with_miners.submit_limit(9, side, price, lots, 0, executions);
      without.submit_limit(9, side, price, lots, 0, executions);
    }
    std::vector<RestingMinerOrder> orders;
    for (int order = 0; order < 12; ++order) {
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const auto distance = static_cast<Ticks>(random.below(400));
      orders.push_back({static_cast<std::uint32_t>(random.below(3)), side,
                        side == Side::kBid ? 2000 - distance : 2001 + distance,
                        1 + static_cast<Lots>(random.below(20))});
      with_miners.submit_limit(orders.back().miner, side, orders.back().price,
                               orders.back().remaining, 0, executions);
    }
    REQUIRE(executions.empty());
    const std::vector<double> sizes = {1.0, 64.0, 300.0, 1'000.0, 2'500.0, 1e6};
    UsefulLiquidityMeter blocks(spec, sizes, 3);
    blocks.measure(with_miners, orders, false);
    UsefulLiquidityMeter levels(spec, sizes, 3);
    levels.measure(without, orders, true);
    for (const Side side : {Side::kBid, Side::kAsk}) {
      for (std::size_t miner = 0; miner < 3; ++miner) {
        REQUIRE(blocks.size_at_touch(side)[miner] == levels.size_at_touch(side)[miner]);
        REQUIRE(blocks.reference_fill(side)[miner] == levels.reference_fill(side)[miner]);
      }
    }
  }
}
