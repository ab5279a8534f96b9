#include <catch2/catch.hpp>

#include "sim/core/registries.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/core/scenario_keys.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

const std::string kMinimal = R"([sim]
start = 2024-01-01T00:00:00Z
duration = "10m"

[market]
pair = "A-B"
tick_size = 0.01
lot_size = 0.1
initial_price = 10.0

[campaign]
reward_token = "B"
reward_decimals = 2
epoch_start = 2024-01-01T00:00:00Z
epoch_length = "10m"
max_spread = 0.01

[[campaign.markets]]
pair = "A-B"
budget = 1

[[miners]]
name = "m"
strategy = "pure_market_making"
bid_spread = 0.1
ask_spread = 0.1
order_amount = 1.0
)";

Scenario read(const std::string& text, const std::vector<std::string>& overrides = {}) {
  toml::table root = parse_toml(text, "s.toml");
  for (const auto& assignment : overrides) apply_override(root, assignment);
  return read_scenario(root, "s.toml");
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    read(text, overrides);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

std::string replaced(const std::string& from, const std::string& to) {
  std::string text = kMinimal;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("Scenario loader: every bundled scenario loads", "[scenario]") {
  for (const char* name : {"quickstart", "week_campaign", "fair_weather", "bench_day"}) {
    CAPTURE(name);
    const Scenario scenario =
        load_scenario(test::source_path(std::string("scenarios/") + name + ".toml"));
    CHECK_FALSE(scenario.miners.empty());
    CHECK(scenario.effective_text.find("[campaign]") != std::string::npos);
  }
}

TEST_CASE("Scenario loader: documented defaults", "[scenario]") {
  const Scenario scenario = read(kMinimal);
  CHECK(scenario.sim.step == engine::kNanosPerSecond);
  CHECK(scenario.sim.seed == 1);
  CHECK(scenario.market.source == "synthetic");
  CHECK(scenario.market.fundamental.mean == 10.0);
  CHECK(scenario.background.total() == 0);
  REQUIRE(scenario.miners.size() == 1);
  const MinerGroup& miner = scenario.miners[0];
  CHECK(miner.count == 1);
  CHECK(miner.behaviour.online_fraction == 1.0);
  CHECK_FALSE(miner.behaviour.max_volatility);
  const engine::ParamObject& params = miner.strategy->params();
  CHECK(miner.strategy->name() == "pure_market_making");
  CHECK(params.get("order_refresh_time") ==
        engine::ParamValue{engine::Duration{30 * engine::kNanosPerSecond}});
  CHECK(params.get("max_order_age") ==
        engine::ParamValue{engine::Duration{1800 * engine::kNanosPerSecond}});
  CHECK(params.get("order_levels") == engine::ParamValue{std::int64_t{1}});
  CHECK(miner.latency->name() == "constant");
  CHECK(scenario.market.fees->name() == "proportional");
  CHECK(scenario.analysis.reference_order_sizes == std::vector<double>{1.0, 10.0, 100.0});
}

TEST_CASE("Scenario loader: errors name file, line, column and key path", "[scenario]") {
  CHECK(error_of(replaced("tick_size = 0.01", "tick_sise = 0.01")) ==
        "s.toml:7:1: market.tick_sise: unknown key (did you mean 'tick_size'?)");
  CHECK(error_of(replaced("tick_size = 0.01", "tick_size = -0.01")) ==
        "s.toml:7:13: market.tick_size: must be in [1e-18, 1000000000000] (got -0.01)");
  CHECK(error_of(replaced("duration = \"10m\"", "duration = 600")) ==
        "s.toml:3:12: sim.duration: expected a duration string such as \"60s\" (got an integer)");
  CHECK(error_of(replaced("bid_spread = 0.1", "bid_spred = 0.1")) ==
        "s.toml:25:1: miners[0].bid_spred: unknown key (did you mean 'bid_spread'?)");
  CHECK(error_of(replaced("order_amount = 1.0", "order_amount = 1.0\nrisk_factor = 1")) ==
        "s.toml:28:15: miners[0].risk_factor: is a parameter of avellaneda_stoikov, not of "
        "pure_market_making");
  CHECK(error_of(replaced("strategy = \"pure_market_making\"", "strategy = \"grid\"")) ==
        "s.toml:24:12: miners[0].strategy: unknown strategy \"grid\" (expected "
        "\"pure_market_making\", \"avellaneda_stoikov\", \"snapshot_gamer\", \"flicker\", "
        "\"whale\" or \"one_sided\")");
  CHECK(error_of(replaced("order_amount = 1.0", "order_amount = 1.0\nonline_fraction = 1.5")) ==
        "s.toml:28:19: miners[0].online_fraction: must be in [0, 1] (got 1.5)");
  CHECK(error_of(replaced("order_amount = 1.0\n", "")) ==
        "s.toml:22:1: miners[0].order_amount: missing required key");
  CHECK(error_of(replaced("epoch_length = \"10m\"", "epoch_length = \"20m\"")) ==
        "s.toml:14:15: campaign.epoch_start: the campaign runs 2024-01-01T00:00:00Z to "
        "2024-01-01T00:20:00Z but the simulation covers 2024-01-01T00:00:00Z to "
        "2024-01-01T00:10:00Z; the epochs must lie within the simulated time");
  CHECK(error_of(replaced("pair = \"A-B\"\nbudget", "pair = \"C-D\"\nbudget")) ==
        "s.toml:18:1: campaign.markets: the campaign must list the simulated market \"A-B\"");
  CHECK(error_of(kMinimal + "\n[[miners]]\nname = \"m\"\nstrategy = \"pure_market_making\"\n"
                            "bid_spread = 0.1\nask_spread = 0.1\norder_amount = 1.0\n") ==
        "s.toml:30:8: miners[1].name: miner \"m\" is defined twice");
}

TEST_CASE("Scenario loader: Hummingbot options a release lacks or its validators refuse",
          "[scenario]") {
  const auto with = [](const std::string& keys) { return kMinimal + keys; };
  const auto as = [](const std::string& keys) {
    std::string text = kMinimal;
    const std::string pmm =
        "strategy = \"pure_market_making\"\nbid_spread = 0.1\nask_spread = 0.1\n";
    return text.replace(text.find(pmm), pmm.size(), "strategy = \"avellaneda_stoikov\"\n" + keys);
  };
  CHECK(error_of(with("hummingbot_version = \"2020\"\nprice_type = \"inventory_cost\"\n")) ==
        "s.toml:29:14: miners[0].price_type: \"inventory_cost\" is not a price type of Hummingbot "
        "v0.34.0 (hummingbot_version = \"2020\"); it is new in v0.36.0");
  CHECK(error_of(with("split_order_levels_enabled = true\n")) ==
        "s.toml:28:30: miners[0].split_order_levels_enabled: is not an option of Hummingbot "
        "v0.45.0 (69c42994) (hummingbot_version = \"2021\"); it is new in v1.5.0 (use "
        "hummingbot_version = \"current\")");
  CHECK(error_of(replaced("bid_spread = 0.1", "bid_spread = 100")) ==
        "s.toml:25:14: miners[0].bid_spread: must be in (0, 100) (got 100)");
  CHECK(error_of(with("order_refresh_tolerance_pct = 20\n")) ==
        "s.toml:28:31: miners[0].order_refresh_tolerance_pct: must be in [-10, 10] (got 20)");
  CHECK(error_of(with("price_ceiling = 0\n")) ==
        "s.toml:28:17: miners[0].price_ceiling: must be -1 (off) or > 0 (got 0)");
  CHECK(error_of(with("price_source = \"external_market\"\n")) ==
        "s.toml:28:16: miners[0].price_source: lmsim prices off the simulated market only: "
        "\"external_market\" (another exchange's book) is not supported; use \"current_market\"");
  CHECK(error_of(with("hanging_order_enabled = true\n")) ==
        "s.toml:28:1: miners[0].hanging_order_enabled: unknown key (did you mean "
        "'hanging_orders_enabled'?)");
  CHECK(error_of(with("order_override = [[\"buy\", 0.5]]\n")) ==
        "s.toml:28:18: miners[0].order_override: each row must be [\"buy\" or \"sell\", spread "
        "percent, amount], e.g. [\"buy\", 0.5, 1.0]");
  CHECK(error_of(as("hummingbot_version = \"2020\"\n")) ==
        "s.toml:25:22: miners[0].hummingbot_version: Hummingbot v0.34.0 (\"2020\") had no "
        "Avellaneda–Stoikov strategy; it first shipped in v0.38.0 (2021): use \"2021\" or "
        "\"current\"");
  CHECK(error_of(as("min_spread = 0.1\n")) ==
        "s.toml:22:1: miners[0].max_spread: missing required key (needed when "
        "parameters_based_on_spread is true)");
  CHECK(error_of(as("hummingbot_version = \"current\"\nclosing_time = \"1h\"\n")) ==
        "s.toml:26:16: miners[0].closing_time: is not an option of Hummingbot master (2bfaccc4) "
        "(hummingbot_version = \"current\"); execution_timeframe_mode replaced it in v1.0.0");
  CHECK(error_of(as("hummingbot_version = \"current\"\nexecution_timeframe_mode = "
                    "\"from_date_to_date\"\nstart_datetime = \"2024-01-01 10:00\"\n"
                    "end_datetime = \"2024-01-02 00:00:00\"\n")) ==
        "s.toml:27:18: miners[0].start_datetime: expected \"YYYY-MM-DD HH:MM:SS\" (UTC) (got "
        "\"2024-01-01 10:00\")");
  CHECK(error_of(with("order_override = [\"buy\"]\n")) ==
        "s.toml:28:19: miners[0].order_override[0]: expected a row such as [\"buy\", 0.5, 1.0] "
        "(got a string)");
  CHECK(error_of(with("order_override = [[\"buy\", true, 1]]\n")) ==
        "s.toml:28:27: miners[0].order_override[0][1]: expected a string or a number (got "
        "a boolean)");
  const Scenario rows = read(with("order_override = [[\"buy\", 0.5, 1], [\"sell\", 1.1, 2.0]]\n"));
  CHECK(rows.miners[0].strategy->params().get("order_override") ==
        engine::ParamValue{std::vector<engine::ParamRow>{{std::string("buy"), 0.5, 1.0},
                                                         {std::string("sell"), 1.1, 2.0}}});
  // The bundled defaults: release "2021", post-only quotes.
  const Scenario scenario = read(kMinimal);
  CHECK(scenario.miners[0].strategy->params().get("hummingbot_version") ==
        engine::ParamValue{std::string("2021")});
}

TEST_CASE("Scenario loader: --set overrides", "[scenario]") {
  const Scenario scenario =
      read(kMinimal, {"sim.seed=42", "market.pair=A-B", "miners[0].bid_spread=0.5",
                      "background.noise.count=3", "analysis.reference_order_sizes=[2, 4]"});
  CHECK(scenario.sim.seed == 42);
  CHECK(scenario.miners[0].strategy->params().get("bid_spread") == engine::ParamValue{0.5});
  CHECK(scenario.background.noise_count == 3);
  CHECK(scenario.analysis.reference_order_sizes == std::vector<double>{2.0, 4.0});
  CHECK(error_of(kMinimal, {"sim.seed"}) == "--set sim.seed: expected KEY.PATH=VALUE");
  CHECK(error_of(kMinimal, {"miners[3].bid_spread=1"}) ==
        "--set miners[3].bid_spread=1: \"miners\" has no table at index 3");
  CHECK(error_of(kMinimal, {"sim.seed=\"x\""}) ==
        "--set sim.seed=\"x\": sim.seed: expected an integer (got a string)");
  CHECK(error_of(kMinimal, {"sim.sead=3"}) ==
        "--set sim.sead=3: sim.sead: unknown key (did you mean 'seed'?)");
  CHECK(error_of(kMinimal, {"market.tick_size.x=3"}) ==
        "--set market.tick_size.x=3: \"tick_size\" is not a table");
}

TEST_CASE("Scenario loader: the effective text records the overrides and reads back the same",
          "[scenario]") {
  test::TempDir dir;
  const std::string path = dir.write("s.toml", kMinimal);
  const Scenario scenario = load_scenario(path, {"sim.seed=9"});
  CHECK(scenario.effective_text.find("# --set sim.seed=9") != std::string::npos);
  const Scenario again =
      read_scenario(parse_toml(scenario.effective_text, "effective.toml"), "effective.toml");
  CHECK(again.sim.seed == 9);
  CHECK(again.campaign.markets[0].budget_per_epoch ==
        scenario.campaign.markets[0].budget_per_epoch);
}

TEST_CASE("Scenario loader: further rules, stakes and the honest accounts", "[scenario]") {
  const Scenario scenario = read(kMinimal + R"(stake = 2.5

[[miners]]
name = "farm"
strategy = "pure_market_making"
count = 2
bid_spread = 0.1
ask_spread = 0.1
order_amount = 1.0

[analysis]
honest = ["m", "pure_market_making"]
)",
                                 {"campaign.also_score=[{rule = \"dydx\"}]"});
  REQUIRE(scenario.also_score.size() == 1);
  CHECK(scenario.also_score[0].name == "dydx");
  CHECK(scenario.miners[0].stake == 2.5);
  CHECK(scenario.miners[1].stake == 1.0);
  CHECK(scenario.analysis.honest == std::vector<std::string>{"m", "pure_market_making"});

  CHECK(error_of(kMinimal + "stake = -1\n") ==
        "s.toml:28:9: miners[0].stake: must be in [0, 1000000000000000] (got -1)");
  CHECK(error_of(kMinimal + "stake = inf\n") ==
        "s.toml:28:9: miners[0].stake: must be a finite number (got inf)");
  CHECK(error_of(kMinimal + "\n[analysis]\nhonest = [\"n\"]\n") ==
        "s.toml:30:10: analysis.honest: names no [[miners]] group or strategy of this scenario "
        "(got \"n\"); did you mean 'm'?");
}

TEST_CASE("Scenario loader: --also-score adds a rule with its defaults to the effective scenario",
          "[scenario]") {
  test::TempDir dir;
  const std::string path = dir.write("s.toml", kMinimal);
  const Scenario scenario = load_scenario(path, {}, builtin_registries(), {"dydx", "uniform"});
  REQUIRE(scenario.also_score.size() == 2);
  CHECK(scenario.also_score[1].rule->name() == "uniform");
  CHECK(scenario.effective_text.find("# --also-score dydx\n") != std::string::npos);
  // The effective text alone reproduces the rules.
  const Scenario again = read_scenario(parse_toml(scenario.effective_text, "e.toml"), "e.toml");
  REQUIRE(again.also_score.size() == 2);
  CHECK(again.also_score[0].name == "dydx");
  CHECK_THROWS_WITH(load_scenario(path, {}, builtin_registries(), {"polymarkt"}),
                    "--also-score polymarkt: unknown rule \"polymarkt\" (expected \"hummingbot\", "
                    "\"dydx\", \"polymarket\", \"size_only\" or \"uniform\"; did you mean "
                    "\"polymarket\"?)");
  CHECK_THROWS_WITH(load_scenario(path, {}, builtin_registries(), {"dydx", "dydx"}),
                    Catch::Contains("a rule named \"dydx\" scores the run already"));
}

namespace {

/// Every number key of `params` with the table it sits in.
void add_number_keys(std::vector<std::pair<std::string, engine::ParamInfo>>& keys,
                     const std::string& table, const engine::ParamObject& params) {
  for (const engine::ParamInfo& info : params.infos()) {
    if (info.type == engine::ParamType::kNumber || info.type == engine::ParamType::kNumberList) {
      keys.emplace_back(table, info);
    }
  }
}

template <typename P>
void add_spec_keys(std::vector<std::pair<std::string, engine::ParamInfo>>& keys,
                   const std::string& table, const engine::ParamSpec<P>& spec) {
  const engine::ParamHolder<P> holder(spec);
  add_number_keys(keys, table, holder);
}

}  // namespace

TEST_CASE("Scenario loader: no number of any table may be infinite or NaN", "[scenario]") {
  std::vector<std::pair<std::string, engine::ParamInfo>> keys;
  add_spec_keys(keys, "market", market_keys_spec());
  add_spec_keys(keys, "market.fundamental", fundamental_keys_spec());
  add_spec_keys(keys, "background", background_keys_spec());
  add_spec_keys(keys, "background.noise", noise_keys_spec());
  add_spec_keys(keys, "background.value", value_keys_spec());
  add_spec_keys(keys, "background.momentum", momentum_keys_spec());
  add_spec_keys(keys, "background.market_makers", market_maker_keys_spec());
  add_spec_keys(keys, "background.takers", taker_keys_spec());
  add_spec_keys(keys, "miners[0]", miner_account_keys_spec());
  add_spec_keys(keys, "miners[0]", miners::miner_behaviour_spec());
  add_spec_keys(keys, "analysis", analysis_keys_spec());
  add_number_keys(
      keys, "miners[0]",
      builtin_registries().strategies.find("pure_market_making")->configure()->params());
  add_number_keys(keys, "campaign",
                  builtin_registries().rules.find("hummingbot")->configure()->params());
  REQUIRE(keys.size() >= 40);
  for (const auto& [table, info] : keys) {
    for (const std::string value : {"inf", "-inf", "nan"}) {
      const std::string key = table + "." + info.key;
      const std::string assignment =
          key + "=" + (info.type == engine::ParamType::kNumberList ? "[" + value + "]" : value);
      CAPTURE(assignment);
      const std::string error = error_of(kMinimal, {assignment});
      const std::string shown = value == "nan" ? "nan" : value;
      if (info.type == engine::ParamType::kNumberList) {
        CHECK(error.rfind("--set " + assignment + ": " + key + ": every element must be in ", 0) ==
              0);
        CHECK(error.ends_with("(got " + shown + ")"));
      } else {
        CHECK(error ==
              "--set " + assignment + ": " + key + ": must be a finite number (got " + shown + ")");
      }
    }
  }
  CHECK(error_of(kMinimal, {"campaign.markets[0].budget=inf"}) ==
        "--set campaign.markets[0].budget=inf: campaign.markets[0].budget: must be a finite number "
        "(got inf)");
}

TEST_CASE(
    "Scenario loader: a price or size the book's integer ticks and lots cannot hold is "
    "refused at its key",
    "[scenario]") {
  CHECK(error_of(replaced("tick_size = 0.01", "tick_size = 1e-12")) ==
        "s.toml:9:17: market.initial_price: must be at most 1000000000000 ticks (tick_size 1e-12) "
        "(got 10)");
  CHECK(error_of(replaced("lot_size = 0.1", "lot_size = 1e-18")) ==
        "s.toml:27:16: miners[0].order_amount: comes to 1e+18 lots of lot_size 1e-18; a size may "
        "be at most 9007199254740992 (2^53)");
  CHECK(error_of(kMinimal, {"miners[0].base_balance=1e15"}) ==
        "--set miners[0].base_balance=1e15: miners[0].base_balance: comes to 1e+16 lots of "
        "lot_size 0.1; a size may be at most 9007199254740992 (2^53)");
  CHECK(error_of(kMinimal, {"miners[0].quote_balance=1e15"}) ==
        "--set miners[0].quote_balance=1e15: miners[0].quote_balance: comes to 1e+18 cash units "
        "(one lot at one tick: 0.001); a size may be at most 9007199254740992 (2^53)");
  CHECK(error_of(kMinimal, {"miners[0].order_amount=1e15", "market.lot_size=1"}) ==
        "--set miners[0].order_amount=1e15: miners[0].order_amount: an order of it at the "
        "initial price comes to 1e+18 cash units (one lot at one tick: 0.01); a size may be at "
        "most 9007199254740992 (2^53)");
  CHECK(error_of(kMinimal, {"background.takers.count=1", "background.takers.max_size=1e15"}) ==
        "--set background.takers.max_size=1e15: background.takers.max_size: comes to 1e+16 lots "
        "of lot_size 0.1; a size may be at most 9007199254740992 (2^53)");
  CHECK(error_of(kMinimal, {"market.fundamental.mean=1e11"}) ==
        "--set market.fundamental.mean=1e11: market.fundamental.mean: must be at most "
        "1000000000000 ticks (tick_size 0.01) (got 100000000000)");
  CHECK(error_of(kMinimal, {"background.market_makers.initial_spread=1e300"}) ==
        "--set background.market_makers.initial_spread=1e300: "
        "background.market_makers.initial_spread: must be in (0, 1000000] (got 1e+300)");
  CHECK(error_of(kMinimal, {"market.fundamental.jump_rate=1e300"}) ==
        "--set market.fundamental.jump_rate=1e300: market.fundamental.jump_rate: must be in [0, "
        "1000000] (got 1e+300)");
}

TEST_CASE(
    "Scenario loader: a scenario implying more events than a run may process is refused "
    "at the key causing them",
    "[scenario]") {
  CHECK(error_of(kMinimal, {"background.noise.count=10000", "background.noise.arrival=\"poisson\"",
                            "background.noise.mean_interval=\"1ms\""}) ==
        "--set background.noise.mean_interval=\"1ms\": background.noise.mean_interval: the run "
        "would process about 6e+09 events, 6e+09 of them from 10000 noise traders over its "
        "duration; a run may process at most 2e+09 (make the interval longer, the group smaller "
        "or the run shorter)");
  CHECK(error_of(kMinimal, {"background.noise.mean_interval=\"1ns\""}) ==
        "--set background.noise.mean_interval=\"1ns\": background.noise.mean_interval: must be "
        "in [1ms, 365d] (got \"1ns\")");
  const Scenario small = read(kMinimal);
  CHECK(expected_events(small) < 2e3);
  CHECK(error_of(kMinimal, {"background.noise.count=1000000", "background.value.count=10"}) ==
        "--set background.noise.count=1000000: background.noise.count: the run would hold "
        "1.00001e+06 accounts (background agents and miner accounts); a run may hold at most "
        "1000000");
}

TEST_CASE("Scenario loader: a window ending after 2262 is refused, not overflowed",
          "[scenario][reliability]") {
  CHECK(error_of(kMinimal, {"sim.start=2261-12-01T00:00:00Z", "sim.duration=\"3650d\""}) ==
        "--set sim.duration=\"3650d\": sim.duration: the simulation would end after the year "
        "2262");
}
