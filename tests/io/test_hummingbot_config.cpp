// lmsim import-hummingbot's conversion: Hummingbot strategy configs (tests/data/hummingbot/, in
// the format its `create` command writes) into [[miners]] tables that load, and one malformed
// config per error class with the exact message.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "sim/io/hummingbot_config.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fixture(const std::string& name) {
  return read_text(test::source_path("tests/data/hummingbot/" + name));
}

std::string import(const std::string& yaml, HummingbotImportOptions options = {}) {
  return import_hummingbot_config(yaml, "conf.yml", options, builtin_registries());
}

std::string error_of(const std::string& yaml, HummingbotImportOptions options = {}) {
  try {
    import(yaml, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

/// A scenario around an imported table, for the loader.
Scenario load_with(const std::string& miners, const std::string& pair) {
  const std::string text = R"([sim]
start = 2024-01-01T00:00:00Z
duration = "10m"

[market]
pair = ")" + pair + R"("
tick_size = 0.01
lot_size = 0.01
initial_price = 100.0

[campaign]
reward_token = "USDT"
reward_decimals = 2
epoch_start = 2024-01-01T00:00:00Z
epoch_length = "10m"
max_spread = 0.01

[[campaign.markets]]
pair = ")" + pair + R"("
budget = 1

)" + miners;
  return read_scenario(parse_toml(text, "s.toml"), "s.toml");
}

const std::string kPmm = R"(template_version: 22
strategy: pure_market_making
exchange: binance
market: ETH-USDT
bid_spread: 0.2
ask_spread: 0.25
order_refresh_time: 15.0
order_amount: 0.5
inventory_price: 1.0
)";

}  // namespace

TEST_CASE("import-hummingbot: a pure market making config of 2021", "[hummingbot_config]") {
  const std::string table = import(fixture("conf_pure_mm_2021.yml"), {"maker", ""});
  CHECK(table.find("# hummingbot_version \"2021\" (inferred: it has options of v0.36.0 and "
                   "later; --version sets it)") != std::string::npos);
  CHECK(table.find("# exchange: binance\n# market: ETH-USDT\n") != std::string::npos);
  CHECK(table.find("# unset or unused here: custom_api_update_interval, take_if_crossed, "
                   "order_override\n") != std::string::npos);
  CHECK(table.find("[[miners]]\nname = \"maker\"\nstrategy = \"pure_market_making\"\n"
                   "hummingbot_version = \"2021\"\nbid_spread = 0.2\nask_spread = 0.25\n") !=
        std::string::npos);
  CHECK(table.find("order_refresh_time = \"15s\"\n") != std::string::npos);
  CHECK(table.find("max_order_age = \"30m\"\n") != std::string::npos);
  CHECK(table.find("hanging_orders_cancel_pct = 5.0\n") != std::string::npos);
  CHECK(table.find("price_source_exchange") == std::string::npos);
  const Scenario scenario = load_with(table, "ETH-USDT");
  REQUIRE(scenario.miners.size() == 1);
  const engine::ParamObject& params = scenario.miners[0].strategy->params();
  CHECK(params.get("order_levels") == engine::ParamValue{std::int64_t{2}});
  CHECK(params.get("inventory_skew_enabled") == engine::ParamValue{true});
  CHECK(params.get("order_refresh_tolerance_pct") == engine::ParamValue{0.05});
}

TEST_CASE("import-hummingbot: Avellaneda-Stoikov configs of 2021 and of the master branch",
          "[hummingbot_config]") {
  const std::string old = import(fixture("conf_avellaneda_2021.yml"));
  CHECK(old.find("strategy = \"avellaneda_stoikov\"\nhummingbot_version = \"2021\"\n") !=
        std::string::npos);
  // closing_time is in days: 0.041666667 days is 1 h and 28.8 µs.
  CHECK(old.find("closing_time = \"1h28us800ns\"\n") != std::string::npos);
  // order_override's dict, in the file's order.
  CHECK(old.find("order_override = [[\"buy\", 0.4, 2.0], [\"sell\", 0.6, 1.5]]\n") !=
        std::string::npos);
  CHECK(load_with(old, "AVAX-USDT").miners[0].strategy->name() == "avellaneda_stoikov");

  // Hummingbot's own test_config.yml: nested modes become flat keys.
  const std::string current = import(fixture("conf_avellaneda_current.yml"));
  CHECK(current.find("hummingbot_version = \"current\"\n"
                     "execution_timeframe_mode = \"daily_between_times\"\n"
                     "start_time = \"09:30:00\"\nend_time = \"16:00:00\"\n") != std::string::npos);
  CHECK(current.find("order_levels_mode = \"multi_order_level\"\norder_levels = 3\n"
                     "level_distances = 50.0\n") != std::string::npos);
  CHECK(current.find("hanging_orders_mode = \"ignore_hanging_orders\"\n") != std::string::npos);
  const Scenario scenario = load_with(current, "COINALPHA-HBOT");
  CHECK(scenario.miners[0].strategy->params().get("risk_factor") == engine::ParamValue{0.5});
}

TEST_CASE("import-hummingbot: the release is inferred from the options a file has",
          "[hummingbot_config]") {
  // No inventory_price (new in v0.36.0): a 2020 file.
  std::string old = kPmm;
  old.replace(old.find("inventory_price: 1.0\n"), 21, "");
  CHECK(import(old).find("hummingbot_version = \"2020\"") != std::string::npos);
  CHECK(import(kPmm).find("hummingbot_version = \"2021\"") != std::string::npos);
  CHECK(import(kPmm + "moving_price_band_enabled: false\n")
            .find("hummingbot_version = \"current\"") != std::string::npos);
  CHECK(import(kPmm, {"", "current"}).find("hummingbot_version = \"current\"") !=
        std::string::npos);
}

TEST_CASE("import-hummingbot: options lmsim cannot honour are refused by name",
          "[hummingbot_config]") {
  CHECK(error_of(kPmm + "bid_sprad: 1\n") ==
        "conf.yml:10:1: bid_sprad: not an option of Hummingbot's pure_market_making that lmsim "
        "knows (did you mean 'bid_spread'?)");
  CHECK(error_of(kPmm + "price_source: external_market\nprice_source_exchange: binance\n") ==
        "conf.yml:10:15: price_source: lmsim prices off the simulated market only: "
        "\"external_market\" (another exchange's book) is not supported; use \"current_market\"");
  CHECK(error_of(kPmm + "price_type: custom\n") ==
        "conf.yml:10:13: price_type: \"custom\" is the price of price_source = \"custom_api\", "
        "which lmsim does not support");
  std::string wide = kPmm;
  wide.replace(wide.find("bid_spread: 0.2"), 15, "bid_spread: 150");
  CHECK(error_of(wide) == "conf.yml:5:13: bid_spread: must be in (0, 100) (got 150)");
  CHECK(error_of(kPmm + "split_order_levels_enabled: true\n", {"", "2021"}) ==
        "conf.yml:10:29: split_order_levels_enabled: is not an option of Hummingbot v0.45.0 "
        "(69c42994) (hummingbot_version = \"2021\"); it is new in v1.5.0 (use "
        "hummingbot_version = \"current\")");
  CHECK(error_of(kPmm + "ping_pong_enabled: maybe\n") ==
        "conf.yml:10:20: ping_pong_enabled: expected yes/no or true/false (got \"maybe\")");
  std::string other = kPmm;
  other.replace(other.find("pure_market_making"), 18, "cross_exchange_market_making");
  CHECK(error_of(other) ==
        "conf.yml:2:11: strategy: lmsim imports pure_market_making and avellaneda_market_making "
        "(got \"cross_exchange_market_making\")");
  std::string no_amount = kPmm;
  no_amount.replace(no_amount.find("order_amount: 0.5\n"), 18, "");
  CHECK(error_of(no_amount) == "conf.yml: order_amount: missing required key");
  CHECK(error_of("strategy: [pure_market_making\n").rfind("conf.yml:2:1: not a YAML file: ", 0) ==
        0);
  CHECK(error_of(kPmm, {"", "2022"}) ==
        "--version: expected \"2020\", \"2021\" or \"current\" (got \"2022\")");
  CHECK(error_of(kPmm, {"my maker", ""}) ==
        "--name: must be non-empty without spaces, commas or quotes (got \"my maker\")");
  CHECK(error_of("strategy: avellaneda_market_making\norder_amount: 1\nexecution_timeframe_mode:\n"
                 "  start_time: \"09:30:00\"\n  end_datetime: \"2024-01-01 00:00:00\"\n") ==
        "conf.yml:4:3: execution_timeframe_mode.start_time: these settings fit no mode of "
        "execution_timeframe_mode (settings: start_datetime, end_datetime, start_time, "
        "end_time)");
}
