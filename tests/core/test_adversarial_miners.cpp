// The strategies that model how campaigns are gamed (sim/core/miners/target_quoter.hpp and its
// subclasses), against a hand-built book (miner_harness.hpp): mid 100.00 from a background bid
// at 99.90 and ask at 100.10 (tight(): 99.99 and 100.01, in front of the miner's orders, so they
// do not move the mid), tick and lot 0.01.
#include <catch2/catch.hpp>

#include "core/miner_harness.hpp"
#include "sim/core/miners/flicker.hpp"
#include "sim/core/miners/one_sided.hpp"
#include "sim/core/miners/snapshot_gamer.hpp"
#include "sim/core/miners/whale.hpp"
#include "sim/core/registries.hpp"

using namespace lmsim;
using namespace lmsim::testing;

namespace {

using Orders = std::vector<std::tuple<Side, Ticks, Lots>>;

MinerBehaviour every_step() {
  MinerBehaviour behaviour;
  behaviour.tick_every_step = true;
  return behaviour;
}

void tight(Harness& harness) {
  harness.set_quotes(9'990, 10'010);
}

std::int64_t submitted(const Harness& harness, Nanos now) {
  return harness.miner().activity(now).orders_submitted;
}

}  // namespace

TEST_CASE(
    "Whale: parks both sides at the edge of its spread and follows the mid only beyond "
    "its tolerance",
    "[miners][gaming]") {
  WhaleParams params;
  params.order_amount = 5.0;
  params.spread = 0.95;
  params.tolerance = 0.1;
  Harness harness(std::make_unique<Whale>(params), every_step());
  tight(harness);
  harness.run_until(1 * kSecond);
  // 100 × (1 − 0.95%) = 99.05 and 100.95: within the spread, rounded towards the mid.
  CHECK(harness.orders() == Orders{{Side::kBid, 9'905, 500}, {Side::kAsk, 10'095, 500}});
  // The mid moves 0.05% (less than the tolerance): the orders stay.
  harness.set_quotes(9'995, 10'015);
  harness.run_until(5 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'905, 500}, {Side::kAsk, 10'095, 500}});
  CHECK(submitted(harness, 5 * kSecond) == 2);
  // 0.5%: both re-priced from mid 100.50 (99.54525 up to 99.55, 101.45475 down to 101.45).
  harness.set_quotes(10'040, 10'060);
  harness.run_until(6 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'955, 500}, {Side::kAsk, 10'145, 500}});
  CHECK(submitted(harness, 6 * kSecond) == 4);
}

TEST_CASE("Whale: sizes down to the free balance", "[miners][gaming]") {
  WhaleParams params;
  params.order_amount = 5'000.0;  // more than the 1,000 units of base the miner holds
  params.spread = 0.5;
  Harness harness(std::make_unique<Whale>(params), every_step());
  tight(harness);
  harness.run_until(1 * kSecond);
  // Buys: 100,000 USD at 99.50 buys 1005.02… units, 100,502 lots; sells: all 1,000 units.
  CHECK(harness.orders() == Orders{{Side::kBid, 9'950, 100'502}, {Side::kAsk, 10'050, 100'000}});
  CHECK(harness.miner().activity(1 * kSecond).orders_rejected == 0);
}

TEST_CASE("OneSided: quotes the side it is given and nothing else", "[miners][gaming]") {
  OneSidedParams params;
  params.side = Side::kAsk;
  params.order_amount = 2.0;
  params.spread = 0.2;
  Harness harness(std::make_unique<OneSided>(params), every_step());
  tight(harness);
  harness.run_until(3 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kAsk, 10'020, 200}});
  params.side = Side::kBid;
  Harness bids(std::make_unique<OneSided>(params), every_step());
  tight(bids);
  bids.run_until(3 * kSecond);
  CHECK(bids.orders() == Orders{{Side::kBid, 9'980, 200}});
}

TEST_CASE(
    "Flicker: pulls an order the mid comes near, re-posts further away, and renews old "
    "orders",
    "[miners][gaming]") {
  FlickerParams params;
  params.order_amount = 10.0;
  params.spread = 0.6;
  params.flee_distance = 0.2;
  params.order_lifetime = 10 * kSecond;
  Harness harness(std::make_unique<Flicker>(params), every_step());
  tight(harness);
  harness.run_until(1 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'940, 1'000}, {Side::kAsk, 10'060, 1'000}});
  // The mid rises 0.1%: the ask is 0.5% away, further than flee_distance, so nothing moves.
  harness.set_quotes(10'000, 10'020);
  harness.run_until(3 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'940, 1'000}, {Side::kAsk, 10'060, 1'000}});
  CHECK(submitted(harness, 3 * kSecond) == 2);
  // The mid rises to 100.45: the ask at 100.60 is 0.149% away, closer than 0.2%: pulled and
  // re-posted 0.6% from the new mid (101.0527 down to 101.05); the bid, now 1.04% away, beyond
  // 2 × 0.6 − 0.2 = 1%, is re-centred too (99.8473 up to 99.85).
  harness.set_quotes(10'035, 10'055);
  harness.run_until(4 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'985, 1'000}, {Side::kAsk, 10'105, 1'000}});
  CHECK(submitted(harness, 4 * kSecond) == 4);
  CHECK(harness.miner().activity(4 * kSecond).cancels == 2);
  // Ten seconds after they were posted (at 4 s) both are renewed at the same prices.
  harness.run_until(13 * kSecond);
  CHECK(submitted(harness, 13 * kSecond) == 4);
  harness.run_until(14 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'985, 1'000}, {Side::kAsk, 10'105, 1'000}});
  CHECK(submitted(harness, 14 * kSecond) == 6);
  CHECK(harness.miner().activity(14 * kSecond).cancels == 4);
}

TEST_CASE("Flicker: flee_distance must be below spread", "[miners][gaming]") {
  const auto* kind = sim::builtin_registries().strategies.find("flicker");
  REQUIRE(kind != nullptr);
  auto config = kind->configure();
  config->params().set("order_amount", engine::ParamValue{1.0});
  config->params().set("spread", engine::ParamValue{0.5});
  config->params().set("flee_distance", engine::ParamValue{0.5});
  const auto error = config->params().validate();
  REQUIRE(error);
  CHECK(error->key == "flee_distance");
  CHECK(error->problem == "must be below spread (0.5) (got 0.5)");
}

TEST_CASE("SnapshotGamer: shows its orders only in the window around the expected snapshot",
          "[miners][gaming]") {
  SnapshotGamerParams params;
  params.order_amount = 1.0;
  params.spread = 0.1;
  params.window = 0.2;           // 12 s of every minute
  params.expected_offset = 0.5;  // centred on second 30: [24 s, 36 s)
  const StrategySetup setup{0, kSecond, 0, 60 * kSecond};
  SnapshotGamer probe(params, setup);
  CHECK_FALSE(probe.in_window(23 * kSecond + 999'999'999));
  CHECK(probe.in_window(24 * kSecond));
  CHECK(probe.in_window(35 * kSecond + 999'999'999));
  CHECK_FALSE(probe.in_window(36 * kSecond));
  CHECK(probe.in_window(84 * kSecond));
  CHECK_FALSE(probe.in_window(-1 * kSecond));
  CHECK(probe.in_window(-36 * kSecond));

  Harness harness(std::make_unique<SnapshotGamer>(params, setup), every_step());
  tight(harness);
  harness.run_until(23 * kSecond);
  CHECK(harness.orders().empty());
  CHECK(submitted(harness, 23 * kSecond) == 0);
  harness.run_until(24 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'990, 100}, {Side::kAsk, 10'010, 100}});
  harness.run_until(35 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'990, 100}, {Side::kAsk, 10'010, 100}});
  harness.run_until(36 * kSecond);
  CHECK(harness.orders().empty());
  harness.run_until(84 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'990, 100}, {Side::kAsk, 10'010, 100}});
  CHECK(submitted(harness, 84 * kSecond) == 4);
}

TEST_CASE("SnapshotGamer: a window of the whole interval quotes all the time", "[miners][gaming]") {
  SnapshotGamerParams params;
  params.order_amount = 1.0;
  params.spread = 0.1;
  params.window = 1.0;
  const StrategySetup setup{0, kSecond, 0, 60 * kSecond};
  SnapshotGamer gamer(params, setup);
  for (Nanos t = 0; t < 120 * kSecond; t += 7 * kSecond) CHECK(gamer.in_window(t));
}
