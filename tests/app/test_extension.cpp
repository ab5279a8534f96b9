// How lmsim is extended: a new miner strategy and a new scoring rule are each one definition
// (their keys and how to build them) plus one registration line. Nothing else changes: the
// scenario loader reads their keys from their specs, validation checks them, and the run uses
// them. Both examples here are deliberately trivial.
#include <catch2/catch.hpp>

#include "engine/registry.hpp"
#include "engine/reward_ledger.hpp"
#include "sim/core/registries.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

// ---- A strategy: join the touch with a fixed size, re-quoting every `every`.

struct JoinTheTouchParams {
  double size = 1.0;  ///< base asset
  engine::Nanos every = engine::kNanosPerMinute;
};

class JoinTheTouch final : public miners::MinerStrategy {
 public:
  explicit JoinTheTouch(JoinTheTouchParams params) : params_(params) {}
  void tick(miners::MinerView& view) override {
    view.cancel_all();
    const auto bid = view.book().best(Side::kBid);
    const auto ask = view.book().best(Side::kAsk);
    const Lots lots = view.spec().lots_floor(params_.size);
    if (bid) view.submit(Side::kBid, *bid, lots);
    if (ask) view.submit(Side::kAsk, *ask, lots);
    next_ = view.now() + params_.every;
  }
  Nanos next_tick(Nanos now) const override { return std::max(now, next_); }
  void restart(Nanos now) override { next_ = now; }

 private:
  JoinTheTouchParams params_;
  Nanos next_ = 0;
};

miners::StrategyKind join_the_touch_kind() {
  using P = JoinTheTouchParams;
  engine::ParamSpec<P> spec;
  spec.number(
          "size", [](P& p) -> double& { return p.size; }, engine::Bounds::above(0.0),
          "size of each order, base asset")
      .duration(
          "every", [](P& p) -> engine::Nanos& { return p.every; }, engine::Bounds::above(0.0),
          "how often the quotes are replaced");
  return engine::make_kind<P, miners::MinerStrategy, miners::StrategySetup>(
      "join_the_touch", "one order at the best bid and one at the best ask", std::move(spec),
      [](const P& params, const miners::StrategySetup&) {
        return std::unique_ptr<miners::MinerStrategy>(std::make_unique<JoinTheTouch>(params));
      });
}

// ---- A rule: every resting order weighs the same, whatever its size and spread.

struct PerOrderParams {
  double bid_share = 0.5;
};

class PerOrderRule final : public engine::ScoringRule {
 public:
  explicit PerOrderRule(PerOrderParams params) : params_(params) {}
  void weigh(const engine::Snapshot& snapshot, engine::MinerWeights& weights) override {
    weights_.assign(snapshot.orders.size(), 1.0);
    weights.accumulate(snapshot.orders.side, snapshot.orders.miner, weights_);
    weights.finish();
  }
  std::span<const double> last_order_weights() const override { return weights_; }
  double bid_share() const override { return params_.bid_share; }
  std::optional<std::string> creation_times_needed_by() const override { return std::nullopt; }

 private:
  PerOrderParams params_;
  std::vector<double> weights_;
};

engine::RuleKind per_order_rule_kind() {
  using P = PerOrderParams;
  engine::ParamSpec<P> spec;
  spec.number(
      "bid_share", [](P& p) -> double& { return p.bid_share; }, engine::Bounds::between(0.0, 1.0),
      "fraction of every pool paid to bids");
  return engine::make_kind<P, engine::ScoringRule, engine::RuleContext>(
      "per_order", "every resting order weighs 1", std::move(spec),
      [](const P& params, const engine::RuleContext&) {
        return std::unique_ptr<engine::ScoringRule>(std::make_unique<PerOrderRule>(params));
      });
}

const std::string kScenario = R"([sim]
start = 2024-01-01T00:00:00Z
duration = "10m"

[market]
pair = "A-B"
tick_size = 0.01
lot_size = 0.01
initial_price = 10.0

[background.noise]
count = 40
arrival = "poisson"
mean_interval = "30s"

[background.value]
count = 20
mean_interval = "30s"

[background.market_makers]
count = 2

[campaign]
reward_token = "B"
reward_decimals = 2
epoch_start = 2024-01-01T00:00:00Z
epoch_length = "10m"
rule = "per_order"

[campaign.per_order]
bid_share = 0.25

[[campaign.markets]]
pair = "A-B"
budget = 100

[[miners]]
name = "toucher"
strategy = "join_the_touch"
size = 2.0
every = "30s"
quote_balance = 1000.0
base_balance = 100.0
)";

}  // namespace

TEST_CASE("Extension: a strategy and a rule are one definition and one registration each",
          "[extension]") {
  Registries registries = builtin_registries();
  registries.strategies.add(join_the_touch_kind());  // the strategy's one registration line
  registries.rules.add(per_order_rule_kind());       // the rule's one registration line

  const Scenario scenario =
      io::read_scenario(io::parse_toml(kScenario, "s.toml"), "s.toml", registries);
  REQUIRE(scenario.miners.size() == 1);
  CHECK(scenario.miners[0].strategy->name() == "join_the_touch");
  CHECK(scenario.miners[0].strategy->params().get("size") == engine::ParamValue{2.0});
  CHECK(scenario.campaign.scoring_rule().name() == "per_order");

  Simulation simulation(scenario);
  class Quiet final : public RunObserver {
   public:
    void on_sample(const MarketSample&) override {}
    void on_snapshot(const SnapshotObservation&) override {}
    void on_miner_fill(const MinerFillRecord&) override {}
    void on_fill_markout(const FillMarkoutRecord&) override {}
    void on_baseline_sample(const MarketSample&) override {}
    void on_progress(double) override {}
  } quiet;
  simulation.run(quiet);
  const engine::EpochTotals& totals = simulation.ledger().epoch_totals(0, 0);
  CHECK(totals.allocated + totals.unallocated == totals.budget);
  CHECK(totals.allocated > 0);  // the only miner took the pools it quoted into
  const auto miners = simulation.ledger().miner_totals(0);
  REQUIRE(!miners.empty());
  CHECK(miners[0].total_reward() == totals.allocated);
}

TEST_CASE("Extension: a registered kind's keys are checked like the built-in ones", "[extension]") {
  Registries registries = builtin_registries();
  registries.strategies.add(join_the_touch_kind());
  registries.rules.add(per_order_rule_kind());
  const auto error_of = [&](const std::string& from, const std::string& to) {
    std::string text = kScenario;
    text.replace(text.find(from), from.size(), to);
    try {
      io::read_scenario(io::parse_toml(text, "s.toml"), "s.toml", registries);
    } catch (const io::InputError& error) {
      return std::string(error.what());
    }
    return std::string("(no error)");
  };
  CHECK(error_of("size = 2.0", "size = -2.0") ==
        "s.toml:40:8: miners[0].size: must be > 0 (got -2)");
  CHECK(error_of("size = 2.0", "sise = 2.0") ==
        "s.toml:40:1: miners[0].sise: unknown key (did you mean 'size'?)");
  CHECK(error_of("bid_share = 0.25", "bid_share = 2") ==
        "s.toml:31:13: campaign.per_order.bid_share: must be in [0, 1] (got 2)");
  // Without the registrations, the names are unknown.
  CHECK_THROWS_WITH(io::read_scenario(io::parse_toml(kScenario, "s.toml"), "s.toml"),
                    "s.toml:28:8: campaign.rule: unknown rule \"per_order\" (expected "
                    "\"hummingbot\", \"dydx\", \"polymarket\", \"size_only\" or \"uniform\")");
}

TEST_CASE("Extension: a run past its event budget stops and names where its events came from",
          "[extension][reliability]") {
  Registries registries = builtin_registries();
  registries.strategies.add(join_the_touch_kind());
  registries.rules.add(per_order_rule_kind());
  const Scenario scenario =
      io::read_scenario(io::parse_toml(kScenario, "s.toml"), "s.toml", registries);
  Simulation simulation(scenario);
  CHECK(simulation.event_budget() ==
        kEventBudgetFactor * expected_events(scenario) + kEventBudgetSlack);
  // Ten minutes of 1 s steps: the clock's 1200 events outnumber everything else's.
  simulation.set_event_budget(500);
  class Quiet final : public RunObserver {
   public:
    void on_sample(const MarketSample&) override {}
    void on_snapshot(const SnapshotObservation&) override {}
    void on_miner_fill(const MinerFillRecord&) override {}
    void on_fill_markout(const FillMarkoutRecord&) override {}
    void on_baseline_sample(const MarketSample&) override {}
    void on_progress(double) override {}
  } quiet;
  try {
    simulation.run(quiet);
    FAIL("the run was not stopped");
  } catch (const RunLimitError& error) {
    CHECK(error.key() == "sim.dt");
    CHECK(std::string(error.what())
              .rfind("sim.dt: the run has processed 501 events, more than 16 "
                     "times the ",
                     0) == 0);
  }
  CHECK(simulation.statistics().events <= 501);
}
