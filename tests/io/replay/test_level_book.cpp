#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "sim/io/replay/level_book.hpp"
#include "sim/io/replay/top_levels.hpp"

using namespace lmsim::sim::replay;
using lmsim::engine::Side;

TEST_CASE("LevelBook: best levels after sets and removals", "[replay]") {
  LevelBook book;
  CHECK_FALSE(book.best_bid());
  book.set(Side::kBid, 100, 5);
  book.set(Side::kBid, 98, 1);
  book.set(Side::kBid, 99, 2);
  book.set(Side::kAsk, 103, 1);
  book.set(Side::kAsk, 101, 4);
  book.set(Side::kAsk, 102, 4);
  CHECK(*book.best_bid() == 100);
  CHECK(*book.best_ask() == 101);
  book.set(Side::kBid, 100, 0);
  book.set(Side::kAsk, 101, 0);
  CHECK(*book.best_bid() == 99);
  CHECK(*book.best_ask() == 102);
  CHECK(book.depth(Side::kBid) == 2);
  book.set(Side::kBid, 99, 7);
  CHECK(book.quantity(Side::kBid, 99) == 7);
  book.set(Side::kAsk, 500, 0);  // removing an absent level changes nothing
  CHECK(book.depth(Side::kAsk) == 2);
}

TEST_CASE("LevelBook: rollback restores the committed book, across a clear", "[replay]") {
  LevelBook book;
  book.set(Side::kBid, 100, 5);
  book.set(Side::kAsk, 101, 3);
  book.commit();

  book.set(Side::kBid, 100, 0);
  book.set(Side::kBid, 102, 1);
  book.set(Side::kAsk, 101, 9);
  book.rollback();
  CHECK(*book.best_bid() == 100);
  CHECK(book.quantity(Side::kBid, 102) == 0);
  CHECK(book.quantity(Side::kAsk, 101) == 3);

  book.set(Side::kAsk, 104, 2);  // before the clear
  book.clear();
  book.set(Side::kBid, 50, 1);
  book.clear();  // a second clear in the same group
  book.set(Side::kBid, 60, 1);
  CHECK(*book.best_bid() == 60);
  book.rollback();
  CHECK(*book.best_bid() == 100);
  CHECK(*book.best_ask() == 101);
  CHECK(book.depth(Side::kAsk) == 1);
  CHECK(book.depth(Side::kBid) == 1);
}

TEST_CASE("append_level_changes: removals first, then new and changed levels", "[replay]") {
  TopLevels before{{{100, 5}, {99, 2}}, {{101, 1}, {102, 4}}};
  TopLevels after{{{101, 1}, {100, 5}}, {{102, 3}, {103, 1}}};
  std::vector<MarketEvent> events;
  append_level_changes(before, after, 7, 8, events);
  using K = MarketEvent::Kind;
  const std::vector<MarketEvent> expected{
      {7, 8, K::kLevel, Side::kBid, 99, 0},  {7, 8, K::kLevel, Side::kAsk, 101, 0},
      {7, 8, K::kLevel, Side::kBid, 101, 1}, {7, 8, K::kLevel, Side::kAsk, 102, 3},
      {7, 8, K::kLevel, Side::kAsk, 103, 1},
  };
  CHECK(events == expected);
  events.clear();
  append_level_changes(after, after, 7, 8, events);
  CHECK(events.empty());
}

TEST_CASE("LevelBook: random changes and rollbacks agree with an ordered map", "[replay]") {
  // Deep books (several chunks), prices clustered near a touch, frequent removals.
  std::mt19937_64 random(20240808);
  LevelBook book;
  std::map<Ticks, Lots> bids, asks;
  std::map<Ticks, Lots> committed_bids, committed_asks;
  for (int step = 0; step < 200000; ++step) {
    const std::uint64_t r = random();
    const Side side = (r & 1) ? Side::kBid : Side::kAsk;
    auto& levels = side == Side::kBid ? bids : asks;
    const auto offset = static_cast<Ticks>((r >> 1) % 3000);
    const Ticks price = side == Side::kBid ? 100000 - offset : 100001 + offset;
    const Lots quantity = (r >> 20) % 3 == 0 ? 0 : static_cast<Lots>((r >> 24) % 1000 + 1);
    book.set(side, price, quantity);
    if (quantity == 0) {
      levels.erase(price);
    } else {
      levels[price] = quantity;
    }
    const std::uint64_t action = (r >> 40) % 1000;
    if (action < 5) {
      book.rollback();
      bids = committed_bids;
      asks = committed_asks;
    } else if (action < 50) {
      book.commit();
      committed_bids = bids;
      committed_asks = asks;
    } else if (action == 50) {
      book.clear();
      bids.clear();
      asks.clear();
    }
    if (step % 97 == 0 || action < 5) {
      REQUIRE(book.depth(Side::kBid) == bids.size());
      REQUIRE(book.depth(Side::kAsk) == asks.size());
      REQUIRE(book.best_bid() ==
              (bids.empty() ? std::nullopt : std::optional<Ticks>(bids.rbegin()->first)));
      REQUIRE(book.best_ask() ==
              (asks.empty() ? std::nullopt : std::optional<Ticks>(asks.begin()->first)));
      const auto it = levels.find(price);
      REQUIRE(book.quantity(side, price) == (it == levels.end() ? 0 : it->second));
    }
  }
  for (const auto& [price, quantity] : bids) REQUIRE(book.quantity(Side::kBid, price) == quantity);
  for (const auto& [price, quantity] : asks) REQUIRE(book.quantity(Side::kAsk, price) == quantity);
}
