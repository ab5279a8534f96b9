// Properties of the Hummingbot rule with exact accounting, each checked on thousands of seeded
// random snapshots. Every check compares two scorings of one snapshot that differ in one respect.
#include <catch2/catch.hpp>

#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;

namespace {

constexpr int kTrials = 2000;
constexpr std::uint32_t kMiners = 6;
constexpr double kMid = 2500.0;
constexpr double kMaxSpread = 0.02;

struct RandomCase {
  Campaign campaign;
  OrderTable orders;
};

RandomCase random_case(SplitMix& random) {
  RandomCase result{make_campaign(static_cast<BaseUnits>(1 + random.below(1'000'000'000)), 1, 1,
                                  kMaxSpread, random.uniform(0.0, 8.0)),
                    {}};
  random_orders(random, result.orders, 1 + random.below(30), kMiners, kMid, kMaxSpread);
  return result;
}

/// A copy of `orders` with order `index` changed by `change(miner, side, price, amount)`.
template <typename Change>
OrderTable modified(const OrderTable& orders, std::size_t index, Change change) {
  OrderTable copy;
  const auto columns = orders.columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    MinerId miner = columns.miner[i];
    Side side = columns.side[i];
    double price = columns.price[i];
    double amount = columns.amount[i];
    if (i == index) change(miner, side, price, amount);
    copy.add(miner, side, price, amount);
  }
  return copy;
}

}  // namespace

TEST_CASE("Properties: a tighter spread never earns less", "[properties]") {
  SplitMix random(101);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    const std::size_t index = random.below(c.orders.size());
    const auto columns = c.orders.columns();
    const MinerId miner = columns.miner[index];
    const int side = engine::side_index(columns.side[index]);
    const double factor = random.uniform();  // move the price towards the mid
    const OrderTable tighter = modified(c.orders, index, [&](auto&, auto&, double& price, auto&) {
      price = kMid + (price - kMid) * factor;
    });
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners);
    const auto after = score_once(c.campaign, kMid, tighter, kMiners);
    CAPTURE(trial, index);
    CHECK(after[miner][side] >= before[miner][side]);
  }
}

TEST_CASE("Properties: a larger amount never earns less", "[properties]") {
  SplitMix random(102);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    const std::size_t index = random.below(c.orders.size());
    const auto columns = c.orders.columns();
    const MinerId miner = columns.miner[index];
    const int side = engine::side_index(columns.side[index]);
    const double growth = 1.0 + random.uniform(0.0, 3.0);
    const OrderTable larger =
        modified(c.orders, index, [&](auto&, auto&, auto&, double& amount) { amount *= growth; });
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners);
    const auto after = score_once(c.campaign, kMid, larger, kMiners);
    CAPTURE(trial, index);
    CHECK(after[miner][side] >= before[miner][side]);
  }
}

TEST_CASE("Properties: splitting an order changes the combined reward by at most one unit",
          "[properties]") {
  SplitMix random(103);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    const std::size_t index = random.below(c.orders.size());
    const auto columns = c.orders.columns();
    const MinerId miner = columns.miner[index];
    const int side = engine::side_index(columns.side[index]);
    const double part = random.uniform(0.05, 0.95);
    // The split-off part goes to the same account or to a new one (id kMiners).
    const bool same_account = random.bernoulli(0.5);
    const MinerId other = same_account ? miner : kMiners;
    OrderTable split =
        modified(c.orders, index, [&](auto&, auto&, auto&, double& amount) { amount *= part; });
    split.add(other, columns.side[index], columns.price[index],
              columns.amount[index] * (1.0 - part));
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners);
    const auto after = score_once(c.campaign, kMid, split, kMiners + 1);
    const BaseUnits combined = after[miner][side] + (same_account ? 0 : after[other][side]);
    CAPTURE(trial, index, same_account);
    CHECK(std::abs(combined - before[miner][side]) <= 1);
  }
}

TEST_CASE("Properties: scaling every amount by k leaves every share unchanged", "[properties]") {
  SplitMix random(104);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    // Powers of two scale weights exactly, so shares must be identical to the unit; other
    // factors may move a weight ratio by one rounding step, so a share may move by one unit.
    const bool exact = random.bernoulli(0.5);
    const double k = exact ? std::ldexp(1.0, static_cast<int>(random.below(21)) - 10)
                           : random.uniform(0.01, 100.0);
    OrderTable scaled;
    const auto columns = c.orders.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      scaled.add(columns.miner[i], columns.side[i], columns.price[i], columns.amount[i] * k);
    }
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners);
    const auto after = score_once(c.campaign, kMid, scaled, kMiners);
    for (MinerId miner = 0; miner < kMiners; ++miner) {
      for (int side = 0; side < 2; ++side) {
        CAPTURE(trial, k, miner, side);
        if (exact) {
          CHECK(after[miner][side] == before[miner][side]);
        } else {
          CHECK(std::abs(after[miner][side] - before[miner][side]) <= 1);
        }
      }
    }
  }
}

TEST_CASE("Properties: orders beyond max_spread earn nothing and change nothing", "[properties]") {
  SplitMix random(105);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    OrderTable with_outside = modified(c.orders, c.orders.size(), [](auto&...) {});
    const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
    const double spread = kMaxSpread * random.uniform(1.0001, 5.0);
    with_outside.add(kMiners, side, side == Side::kBid ? kMid * (1 - spread) : kMid * (1 + spread),
                     random.uniform(1.0, 1000.0));
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners + 1);
    const auto after = score_once(c.campaign, kMid, with_outside, kMiners + 1);
    CAPTURE(trial, spread);
    CHECK(after[kMiners] == std::array<BaseUnits, 2>{0, 0});
    CHECK(after == before);
  }
}

TEST_CASE("Properties: bid and ask pools are independent", "[properties]") {
  SplitMix random(106);
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomCase c = random_case(random);
    // Replace every ask with fresh random asks; bids must be paid exactly as before.
    OrderTable other_asks;
    const auto columns = c.orders.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns.side[i] == Side::kBid) {
        other_asks.add(columns.miner[i], Side::kBid, columns.price[i], columns.amount[i]);
      }
    }
    const std::size_t asks = random.below(10);
    for (std::size_t i = 0; i < asks; ++i) {
      other_asks.add(static_cast<MinerId>(random.below(kMiners)), Side::kAsk,
                     kMid * (1 + random.uniform(0.0, kMaxSpread)), random.uniform(0.1, 10.0));
    }
    const auto before = score_once(c.campaign, kMid, c.orders, kMiners);
    const auto after = score_once(c.campaign, kMid, other_asks, kMiners);
    for (MinerId miner = 0; miner < kMiners; ++miner) {
      CAPTURE(trial, miner);
      CHECK(after[miner][0] == before[miner][0]);
    }
  }
}
