#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/core/order_book.hpp"
#include "sim/core/random_stream.hpp"

using namespace lmsim::sim;

namespace {

std::vector<Execution> executions;

OrderId rest(OrderBook& book, OwnerId owner, Side side, Ticks price, Lots quantity) {
  executions.clear();
  return book.submit_limit(owner, side, price, quantity, 0, executions);
}

/// walk_blocks against walk_levels: every block's quantity and moment are those of the levels
/// it holds, blocks come outwards from the best, a block asked for its levels lists them in
/// walk order, and the blocks add up to the side's total quantity.
void check_blocks(const OrderBook& book, Side side) {
  std::vector<std::pair<Ticks, Lots>> levels;
  book.walk_levels(side, [&](Ticks price, Lots quantity) {
    levels.emplace_back(price, quantity);
    return true;
  });
  std::vector<std::pair<Ticks, Lots>> expanded;
  std::vector<std::pair<Ticks, Lots>> expected_expanded;
  Lots total = 0;
  bool expand = false;
  std::optional<Ticks> previous;
  book.walk_blocks(
      side,
      [&](const OrderBook::Block& block) {
        Lots quantity = 0;
        std::int64_t moment = 0;
        for (const auto& [price, q] : levels) {
          if (price < block.lowest || price > block.highest()) continue;
          quantity += q;
          moment += (price - block.lowest) * q;
        }
        CHECK(block.quantity == quantity);
        CHECK(block.moment == moment);
        if (previous)
          CHECK((side == Side::kBid ? block.lowest < *previous : block.lowest > *previous));
        previous = block.lowest;
        total += quantity;
        expand = !expand;  // both ways of going on
        if (!expand) return OrderBook::BlockStep::kNext;
        for (const auto& level : levels) {
          if (level.first >= block.lowest && level.first <= block.highest())
            expected_expanded.push_back(level);
        }
        return OrderBook::BlockStep::kLevels;
      },
      [&](Ticks price, Lots quantity) {
        expanded.emplace_back(price, quantity);
        return true;
      });
  CHECK(total == book.total_quantity(side));
  CHECK(expanded == expected_expanded);
}

}  // namespace

TEST_CASE("OrderBook: price-time priority, executions at the maker's price", "[order_book]") {
  OrderBook book;
  const OrderId first = rest(book, 1, Side::kAsk, 101, 5);
  const OrderId second = rest(book, 2, Side::kAsk, 101, 5);
  rest(book, 3, Side::kAsk, 100, 2);
  rest(book, 4, Side::kBid, 98, 7);
  CHECK(book.best(Side::kAsk) == 100);
  CHECK(book.best(Side::kBid) == 98);
  CHECK(book.mid_ticks() == 99.0);
  CHECK(book.queue_ahead(second) == 5);
  CHECK(book.queue_ahead(first) == 0);

  // A buy for 9 up to 101 takes 2 @ 100, then 5 @ 101 from the older order, then 2 from the next.
  executions.clear();
  const OrderId taker = book.submit_limit(9, Side::kBid, 101, 9, 0, executions);
  CHECK(taker == 0);  // filled completely: nothing rests
  REQUIRE(executions.size() == 3);
  CHECK(executions[0].maker == 3);
  CHECK(executions[0].price == 100);
  CHECK(executions[0].quantity == 2);
  CHECK(executions[0].maker_done);
  CHECK(executions[1].maker == 1);
  CHECK(executions[1].quantity == 5);
  CHECK(executions[2].maker == 2);
  CHECK(executions[2].quantity == 2);
  CHECK_FALSE(executions[2].maker_done);
  CHECK(book.find(second)->remaining == 3);
  CHECK(book.find(first) == nullptr);
  CHECK(book.quantity_at(Side::kAsk, 101) == 3);
}

TEST_CASE("OrderBook: a limit order rests what does not cross; market orders never rest",
          "[order_book]") {
  OrderBook book;
  rest(book, 1, Side::kAsk, 105, 4);
  const OrderId id = rest(book, 2, Side::kBid, 106, 10);
  REQUIRE(id != 0);
  CHECK(book.find(id)->remaining == 6);
  CHECK(book.best(Side::kBid) == 106);
  CHECK_FALSE(book.best(Side::kAsk));
  executions.clear();
  CHECK(book.submit_market(3, Side::kAsk, 10, executions) == 4);  // 6 fill, 4 unfilled
  CHECK_FALSE(book.best(Side::kBid));
  CHECK(book.resting_orders() == 0);
}

TEST_CASE("OrderBook: cancel, ids are never reused, depth queries", "[order_book]") {
  OrderBook book;
  const OrderId a = rest(book, 1, Side::kBid, 100, 3);
  const OrderId b = rest(book, 1, Side::kBid, 99, 4);
  rest(book, 1, Side::kBid, 90, 5);
  CHECK(book.cancel(a));
  CHECK_FALSE(book.cancel(a));
  CHECK(book.best(Side::kBid) == 99);
  const OrderId c = rest(book, 1, Side::kBid, 100, 1);  // reuses a's slot
  CHECK(c != a);
  CHECK_FALSE(book.cancel(a));
  CHECK(book.find(c) != nullptr);
  CHECK(book.depth_to(Side::kBid, 99) == 5);
  CHECK(book.depth_to(Side::kBid, 50) == 10);
  const std::vector<Ticks> limits{100, 95, 90};
  std::vector<Lots> depths(3);
  book.depths_to(Side::kBid, limits, depths);
  CHECK(depths == std::vector<Lots>{1, 5, 10});
  CHECK(book.cancel(b));
  CHECK_FALSE(book.cancel(0));
  CHECK_THROWS_AS(rest(book, 1, Side::kBid, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(rest(book, 1, Side::kBid, 10, 0), std::invalid_argument);
}

TEST_CASE("OrderBook: invariants under random order flow, against a reference model",
          "[order_book]") {
  // The reference: price level -> quantity per side, rebuilt from the live orders.
  RandomStream random(17);
  OrderBook book;
  std::vector<OrderId> live;
  Lots submitted = 0;
  Lots executed = 0;
  Lots cancelled = 0;
  for (int step = 0; step < 50'000; ++step) {
    executions.clear();
    const double draw = random.uniform();
    // Prices wander over a wide range so the book grows and re-centres.
    const Ticks centre = 50'000 + static_cast<Ticks>(20'000.0 * std::sin(step / 5'000.0));
    if (draw < 0.55) {
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const Ticks offset = static_cast<Ticks>(random.below(60)) - 10;
      const Ticks price = side == Side::kBid ? centre - offset : centre + offset;
      const Lots quantity = 1 + static_cast<Lots>(random.below(20));
      submitted += quantity;
      const OrderId id = book.submit_limit(static_cast<OwnerId>(random.below(5)), side, price,
                                           quantity, step, executions);
      Lots filled = 0;
      for (const Execution& e : executions) filled += e.quantity;
      CHECK(filled + (id ? book.find(id)->remaining : 0) == quantity);
      if (id) live.push_back(id);
    } else if (draw < 0.85 && !live.empty()) {
      const std::size_t at = random.below(live.size());
      if (const RestingOrder* order = book.find(live[at])) cancelled += order->remaining;
      book.cancel(live[at]);
      live[at] = live.back();
      live.pop_back();
    } else {
      const Lots quantity = 1 + static_cast<Lots>(random.below(40));
      book.submit_market(9, random.bernoulli(0.5) ? Side::kBid : Side::kAsk, quantity, executions);
    }
    for (const Execution& e : executions) {
      REQUIRE(e.quantity > 0);
      executed += e.quantity;
    }
    // Never crossed after matching.
    if (book.has_two_sides()) REQUIRE(*book.best(Side::kBid) < *book.best(Side::kAsk));
    if (step % 2'500 == 0) {
      check_blocks(book, Side::kBid);
      check_blocks(book, Side::kAsk);
    }
  }
  // Every lot submitted as a limit order either executed as taker/maker, was cancelled, or rests.
  std::map<std::pair<int, Ticks>, Lots> levels;
  Lots resting = 0;
  for (const OrderId id : live) {
    if (const RestingOrder* order = book.find(id)) {
      REQUIRE(order->remaining > 0);
      levels[{lmsim::engine::side_index(order->side), order->price}] += order->remaining;
      resting += order->remaining;
    }
  }
  for (const auto& [key, quantity] : levels) {
    CHECK(book.quantity_at(static_cast<Side>(key.first), key.second) == quantity);
  }
  CHECK(static_cast<Lots>(book.resting_orders()) <= static_cast<Lots>(live.size()));
  CHECK(resting + cancelled <= submitted);
  CHECK(executed > 0);
  CHECK(book.depth_to(Side::kBid, 1) + book.depth_to(Side::kAsk, 1'000'000) == resting);
}

TEST_CASE("OrderBook: set_level books against a brute-force recount", "[order_book]") {
  // A recorded book's way of changing: absolute quantities per level, dense near the touch and
  // scattered far out (a full-depth book), with jumps that make the book grow. After each
  // batch, every query is recounted from a plain map of the levels: quantities at occupied and
  // empty prices, best prices, totals, depths to limits that cut blocks anywhere (both ways of
  // adding up a partial block), and the block sums and moments.
  RandomStream random(23);
  OrderBook book;
  std::map<Ticks, Lots> bids;
  std::map<Ticks, Lots> asks;
  const auto recount = [&](Side side, Ticks limit) {
    Lots total = 0;
    if (side == Side::kBid) {
      for (auto it = bids.lower_bound(limit); it != bids.end(); ++it) total += it->second;
    } else {
      for (auto it = asks.begin(); it != asks.end() && it->first <= limit; ++it)
        total += it->second;
    }
    return total;
  };
  Ticks centre = 1'000'000;
  for (int batch = 0; batch < 200; ++batch) {
    if (batch % 50 == 49) {
      // Emptied level by level, then far beyond the book's range: it grows.
      for (const auto& [price, quantity] : bids) REQUIRE(book.set_level(Side::kBid, price, 0));
      for (const auto& [price, quantity] : asks) REQUIRE(book.set_level(Side::kAsk, price, 0));
      bids.clear();
      asks.clear();
      CHECK(book.resting_orders() == 0);
      CHECK_FALSE(book.best(Side::kBid));
      centre += 300'000;
    }
    for (int i = 0; i < 200; ++i) {
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const bool far = random.bernoulli(0.1);
      const Ticks distance = 1 + static_cast<Ticks>(random.below(far ? 100'000 : 300));
      const Ticks price = side == Side::kBid ? centre - distance : centre + distance;
      const Lots quantity = random.bernoulli(0.3) ? 0 : 1 + static_cast<Lots>(random.below(50));
      REQUIRE(book.set_level(side, price, quantity));
      auto& levels = side == Side::kBid ? bids : asks;
      if (quantity > 0) {
        levels[price] = quantity;
      } else {
        levels.erase(price);
      }
    }
    // A level that would cross is refused and changes nothing.
    if (!bids.empty() && !asks.empty()) {
      CHECK_FALSE(book.set_level(Side::kBid, asks.begin()->first, 5));
      CHECK_FALSE(book.set_level(Side::kAsk, bids.rbegin()->first, 5));
    }
    CHECK(book.best(Side::kBid) ==
          (bids.empty() ? std::nullopt : std::optional<Ticks>(bids.rbegin()->first)));
    CHECK(book.best(Side::kAsk) ==
          (asks.empty() ? std::nullopt : std::optional<Ticks>(asks.begin()->first)));
    CHECK(book.total_quantity(Side::kBid) == recount(Side::kBid, 0));
    CHECK(book.total_quantity(Side::kAsk) == recount(Side::kAsk, centre * 4));
    CHECK(book.resting_orders() == bids.size() + asks.size());
    for (int probe = 0; probe < 50; ++probe) {
      const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
      const Ticks distance = 1 + static_cast<Ticks>(random.below(probe % 2 ? 400 : 120'000));
      const Ticks price = side == Side::kBid ? centre - distance : centre + distance;
      const auto& levels = side == Side::kBid ? bids : asks;
      const auto it = levels.find(price);
      CHECK(book.quantity_at(side, price) == (it == levels.end() ? 0 : it->second));
      CHECK(book.depth_to(side, price) == recount(side, price));
    }
    // depths_to: limits outwards (some equal, some inside the spread), then one back inwards.
    for (const Side side : {Side::kBid, Side::kAsk}) {
      std::vector<Ticks> distances;
      for (int i = 0; i < 6; ++i) distances.push_back(static_cast<Ticks>(random.below(150'000)));
      std::sort(distances.begin(), distances.end());
      distances.push_back(distances[2]);
      std::vector<Ticks> limits;
      for (const Ticks distance : distances)
        limits.push_back(side == Side::kBid ? centre - distance : centre + distance);
      std::vector<Lots> depths(limits.size());
      book.depths_to(side, limits, depths);
      for (std::size_t i = 0; i < limits.size(); ++i) CHECK(depths[i] == recount(side, limits[i]));
    }
    check_blocks(book, Side::kBid);
    check_blocks(book, Side::kAsk);
  }
}

TEST_CASE("OrderBook: a book of set_level levels takes no orders, a book of orders no levels",
          "[order_book]") {
  // A set_level level holds no order to match or cancel: mixing the two would leave levels
  // that matching could not consume.
  std::vector<Execution> executions;
  OrderBook levels;
  REQUIRE(levels.set_level(Side::kBid, 100, 5));
  CHECK_THROWS_AS(levels.submit_limit(1, Side::kAsk, 100, 1, 0, executions), std::logic_error);
  CHECK_THROWS_AS(levels.submit_market(1, Side::kAsk, 1, executions), std::logic_error);
  CHECK(executions.empty());
  CHECK(levels.quantity_at(Side::kBid, 100) == 5);
  CHECK(levels.resting_orders() == 1);
  REQUIRE(levels.set_level(Side::kBid, 100, 0));
  CHECK(levels.resting_orders() == 0);

  OrderBook orders;
  REQUIRE(orders.submit_limit(1, Side::kBid, 100, 5, 0, executions) != 0);
  CHECK_THROWS_AS(orders.set_level(Side::kBid, 101, 1), std::logic_error);
  CHECK(orders.quantity_at(Side::kBid, 101) == 0);
}
