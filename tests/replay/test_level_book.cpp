#include <catch2/catch.hpp>

#include "sim/replay/level_book.hpp"
#include "sim/replay/top_levels.hpp"

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
