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

// ---- Every rule: conservation on random runs, split invariance where the rule has it, and
// monotonicity in size where it pays by size.

namespace {

/// A rule of each kind with parameters drawn from `random`, eligible for a good part of the
/// orders random_orders draws around kMid.
std::shared_ptr<const engine::RuleConfig> random_rule(SplitMix& random, std::string_view name) {
  using Values = std::vector<std::pair<std::string, engine::ParamValue>>;
  if (name == "hummingbot") {
    return rule_with(name,
                     {{"max_spread", kMaxSpread}, {"spread_factor", random.uniform(0.0, 8.0)}});
  }
  if (name == "dydx") {
    static const char* const kVersions[] = {"launch", "jan2022", "dip11", "dip15", "dip19"};
    Values values{{"min_depth", random.uniform(0.0, 5000.0)},
                  {"max_spread", kMid * kMaxSpread * random.uniform(0.2, 1.0)},
                  {"version", std::string(kVersions[random.below(5)])},
                  {"market_tier", std::string(random.bernoulli(0.5) ? "btc_eth" : "other")}};
    if (random.bernoulli(0.3)) values.emplace_back("mid", std::string("above_min_depth"));
    return rule_with(name, values);
  }
  if (name == "polymarket") {
    Values values{{"max_spread", kMid * kMaxSpread * random.uniform(0.2, 1.0)},
                  {"single_sided_divisor", random.uniform(1.0, 5.0)},
                  {"min_size", random.uniform(0.0, 2.0)}};
    if (random.bernoulli(0.5)) values.emplace_back("mid_band", std::vector<double>{0.0, 1e6});
    return rule_with(name, values);
  }
  return rule_with(name, {{"max_spread", kMaxSpread}, {"bid_share", random.uniform()}});
}

/// A run of random snapshots (some slots left out) with random fills between them, scored by
/// one ledger; returns it closed.
engine::RewardLedger random_run(SplitMix& random, const Campaign& campaign) {
  engine::RewardLedger ledger(campaign);
  for (std::int64_t slot = 0; slot < campaign.total_slots(); ++slot) {
    const Nanos start = campaign.slot_start(slot);
    if (random.bernoulli(0.8)) {
      OrderTable orders;
      random_orders(random, orders, random.below(25), kMiners, kMid, kMaxSpread);
      const Nanos at = start + static_cast<Nanos>(random.below(engine::kNanosPerMinute));
      ledger.score(0, engine::Snapshot{at, kMid, orders.columns()});
    }
    for (std::uint64_t fill = random.below(4); fill > 0; --fill) {
      const Nanos at = start + static_cast<Nanos>(random.below(engine::kNanosPerMinute));
      ledger.record_fill(0, engine::MinerFill{at, static_cast<MinerId>(random.below(kMiners)),
                                              random.bernoulli(0.5) ? Side::kBid : Side::kAsk, kMid,
                                              random.uniform(0.01, 5.0), random.bernoulli(0.7)});
    }
  }
  ledger.close();
  return ledger;
}

}  // namespace

TEST_CASE("Properties: every rule pays each epoch's budget exactly, allocated or unallocated",
          "[properties]") {
  SplitMix random(201);
  for (const std::string& name : engine::builtin_rules().names()) {
    // The draws must exercise both outcomes: epochs paid out and money left unallocated.
    int paid_epochs = 0;
    int unpaid_epochs = 0;
    for (int trial = 0; trial < 300; ++trial) {
      const Campaign campaign =
          with_rule(make_campaign(static_cast<BaseUnits>(random.below(1'000'000'000)),
                                  1 + static_cast<std::int64_t>(random.below(8)),
                                  1 + static_cast<int>(random.below(3))),
                    random_rule(random, name));
      const engine::RewardLedger ledger = random_run(random, campaign);
      BaseUnits allocated = 0;
      for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
        const engine::EpochTotals& totals = ledger.epoch_totals(0, epoch);
        CAPTURE(name, trial, epoch);
        CHECK(totals.closed);
        CHECK(totals.allocated + totals.unallocated == totals.budget);
        allocated += totals.allocated;
        paid_epochs += totals.allocated > 0 ? 1 : 0;
        unpaid_epochs += totals.unallocated > 0 ? 1 : 0;
      }
      BaseUnits paid = 0;
      for (const engine::MinerTotals& miner : ledger.miner_totals(0)) paid += miner.total_reward();
      CAPTURE(name, trial);
      CHECK(paid == allocated);
    }
    CAPTURE(name, paid_epochs, unpaid_epochs);
    CHECK(paid_epochs > 100);
    CHECK(unpaid_epochs > 10);
  }
}

namespace {

/// Scores the same random epoch twice: as drawn, and with miner `split`'s orders, maker fills
/// and stake divided between it (a fraction f) and a new account kMiners (1 − f). Returns the
/// miner's reward and the two accounts' combined reward.
std::pair<BaseUnits, BaseUnits> split_run(SplitMix& random, const Campaign& campaign,
                                          MinerId split) {
  const double f = random.uniform(0.05, 0.95);
  engine::RewardLedger whole(campaign);
  engine::RewardLedger parts(campaign);
  std::vector<double> stakes(kMiners);
  for (double& stake : stakes) stake = random.uniform(0.5, 10.0);
  std::vector<double> split_stakes = stakes;
  split_stakes.push_back(stakes[split] * (1.0 - f));
  split_stakes[split] *= f;
  whole.set_stakes(stakes);
  parts.set_stakes(split_stakes);
  for (std::int64_t slot = 0; slot < campaign.total_slots(); ++slot) {
    OrderTable orders;
    random_orders(random, orders, 5 + random.below(25), kMiners, kMid, kMaxSpread);
    OrderTable divided;
    const auto columns = orders.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const bool is_split = columns.miner[i] == split;
      divided.add(columns.miner[i], columns.side[i], columns.price[i],
                  columns.amount[i] * (is_split ? f : 1.0));
      if (is_split) {
        divided.add(kMiners, columns.side[i], columns.price[i], columns.amount[i] * (1.0 - f));
      }
    }
    const Nanos at = slot_time(slot);
    whole.score(0, engine::Snapshot{at, kMid, orders.columns()});
    parts.score(0, engine::Snapshot{at, kMid, divided.columns()});
    for (MinerId miner = 0; miner < kMiners; ++miner) {
      const double amount = random.uniform(0.1, 5.0);
      const engine::MinerFill fill{at + 1, miner, Side::kBid, kMid, amount, true};
      whole.record_fill(0, fill);
      if (miner != split) {
        parts.record_fill(0, fill);
        continue;
      }
      parts.record_fill(0, engine::MinerFill{at + 1, miner, Side::kBid, kMid, amount * f, true});
      parts.record_fill(
          0, engine::MinerFill{at + 1, kMiners, Side::kBid, kMid, amount * (1 - f), true});
    }
  }
  whole.close();
  parts.close();
  const auto reward = [](const engine::RewardLedger& ledger, MinerId miner) {
    const auto totals = ledger.miner_totals(0);
    return miner < totals.size() ? totals[miner].total_reward() : BaseUnits{0};
  };
  return {reward(whole, split), reward(parts, split) + reward(parts, kMiners)};
}

}  // namespace

TEST_CASE(
    "Properties: splitting a provider across two accounts changes nothing under dYdX's "
    "constant-returns versions and Polymarket",
    "[properties]") {
  // Exponents of depth, stake and maker volume summing to 1 (launch: depth alone; DIP-11, 15
  // and 19) make a final score homogeneous of degree 1, and uptime is unchanged by a split:
  // the two parts' shares add up to the whole's, within the units rounding moves.
  SplitMix random(202);
  const std::vector<std::vector<std::pair<std::string, engine::ParamValue>>> dydx_versions = {
      {{"version", "launch"}},
      {{"version", "dip11"}},
      {{"version", "dip15"}, {"market_tier", "btc_eth"}},
      {{"version", "dip15"}},
      {{"version", "dip19"}, {"market_tier", "btc_eth"}},
      {{"version", "dip19"}}};
  int paid = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const bool dydx = trial % 2 == 0;
    std::shared_ptr<const engine::RuleConfig> rule;
    if (dydx) {
      auto values = dydx_versions[random.below(dydx_versions.size())];
      values.emplace_back("min_depth", 0.0);  // a part must stay eligible wherever the whole is
      values.emplace_back("max_spread", kMid * kMaxSpread);
      rule = rule_with("dydx", values);
    } else {
      rule = rule_with("polymarket", {{"max_spread", kMid * kMaxSpread},
                                      {"mid_band", std::vector<double>{0.0, 1e6}}});
    }
    const Campaign campaign = with_rule(
        make_campaign(static_cast<BaseUnits>(1'000 + random.below(1'000'000'000)), 5), rule);
    const auto [whole, parts] =
        split_run(random, campaign, static_cast<MinerId>(random.below(kMiners)));
    CAPTURE(trial, dydx, whole, parts);
    CHECK(std::abs(parts - whole) <= 2);
    paid += whole > 0 ? 1 : 0;
  }
  CHECK(paid > 500);  // the split provider was paid in most draws
}

TEST_CASE("Properties: dYdX's January 2022 exponents reward merging, never splitting",
          "[properties]") {
  // Q × stake^0.5 is homogeneous of degree 1.5: two parts earn less than the whole.
  SplitMix random(203);
  int lower = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const Campaign campaign = with_rule(
        make_campaign(static_cast<BaseUnits>(1'000 + random.below(1'000'000'000)), 5),
        rule_with("dydx",
                  {{"version", "jan2022"}, {"min_depth", 0.0}, {"max_spread", kMid * kMaxSpread}}));
    const auto [whole, parts] =
        split_run(random, campaign, static_cast<MinerId>(random.below(kMiners)));
    CAPTURE(trial, whole, parts);
    CHECK(parts <= whole + 2);
    lower += parts + 2 < whole ? 1 : 0;
  }
  CHECK(lower > 100);  // and splitting cost it something in many draws
}

TEST_CASE(
    "Properties: more eligible size never lowers a miner's weight or reward under "
    "Hummingbot's rule and size_only",
    "[properties]") {
  SplitMix random(204);
  for (const std::string name : {"hummingbot", "size_only"}) {
    for (int trial = 0; trial < 1000; ++trial) {
      const Campaign campaign =
          with_rule(make_campaign(static_cast<BaseUnits>(1 + random.below(1'000'000'000)), 1),
                    random_rule(random, name));
      OrderTable orders;
      random_orders(random, orders, 1 + random.below(30), kMiners, kMid, kMaxSpread);
      const std::size_t index = random.below(orders.size());
      const auto columns = orders.columns();
      const MinerId miner = columns.miner[index];
      const Side side = columns.side[index];
      const double growth = 1.0 + random.uniform(0.0, 3.0);
      const OrderTable larger =
          modified(orders, index, [&](auto&, auto&, auto&, double& amount) { amount *= growth; });
      const auto weight_of = [&](const OrderTable& table) {
        const auto instance = campaign.make_rule();
        engine::MinerWeights weights;
        instance->weigh(engine::Snapshot{slot_time(0), kMid, table.columns()}, weights);
        return weights.weight(side, miner);
      };
      const auto before = score_once(campaign, kMid, orders, kMiners);
      const auto after = score_once(campaign, kMid, larger, kMiners);
      CAPTURE(name, trial, index);
      CHECK(weight_of(larger) >= weight_of(orders));
      CHECK(after[miner][engine::side_index(side)] >= before[miner][engine::side_index(side)]);
    }
  }
}
