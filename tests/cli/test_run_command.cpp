// `lmsim run` and `lmsim validate` end to end, reading results.h5 back with the HDF5 wrapper.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "engine/money.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/hdf5_file.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::test;

namespace {

const std::string kQuickstart = "scenarios/quickstart.toml";

CommandResult run(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", kQuickstart, "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_lmsim(args);
}

template <typename T>
T sum(const std::vector<T>& values) {
  T total{};
  for (const T& value : values) total += value;
  return total;
}

}  // namespace

TEST_CASE("lmsim run: the same scenario and seed give byte-identical results", "[cli][run]") {
  TempDir dir;
  const CommandResult first = run(dir.file("a"));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("epoch 0: budget 100.000000") != std::string::npos);
  REQUIRE(run(dir.file("b")).exit_code == 0);
  for (const char* file : {"results.h5", "summary.json"}) {
    CAPTURE(file);
    CHECK(read_file(dir.file("a/") + file) == read_file(dir.file("b/") + file));
  }
  REQUIRE(run(dir.file("c"), {"--seed", "8"}).exit_code == 0);
  CHECK(read_file(dir.file("a/summary.json")) != read_file(dir.file("c/summary.json")));
}

TEST_CASE("lmsim run: rewards read back from results.h5 are conserved in every epoch",
          "[cli][run]") {
  TempDir dir;
  const CommandResult result =
      run(dir.file("r"), {"--set", "sim.duration=\"32m\"", "--set", "campaign.epoch_length=\"10m\"",
                          "--set", "campaign.epochs=3", "--no-baseline"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const sim::io::Hdf5Reader file(dir.file("r/results.h5"));
  const auto budget = file.read<std::int64_t>("/epochs/budget");
  const auto allocated = file.read<std::int64_t>("/epochs/allocated");
  const auto unallocated = file.read<std::int64_t>("/epochs/unallocated");
  REQUIRE(budget.size() == 3);
  for (std::size_t epoch = 0; epoch < budget.size(); ++epoch) {
    CAPTURE(epoch);
    CHECK(budget[epoch] == 100'000'000);
    CHECK(allocated[epoch] + unallocated[epoch] == budget[epoch]);
  }
  const auto miner_rewards = file.read<std::int64_t>("/miners/reward_base_units");
  const auto matrix = file.read_matrix<std::int64_t>("/snapshot_miner/reward");
  CHECK(sum(miner_rewards) == sum(allocated));
  CHECK(sum(matrix.values) == sum(allocated));
  const auto pool_bid = file.read<std::int64_t>("/snapshots/pool_bid");
  const auto allocated_bid = file.read<std::int64_t>("/snapshots/allocated_bid");
  const auto rolled_bid = file.read<std::int64_t>("/snapshots/rolled_over_bid");
  REQUIRE(pool_bid.size() == 30);
  for (std::size_t i = 0; i < pool_bid.size(); ++i)
    CHECK(allocated_bid[i] + rolled_bid[i] == pool_bid[i]);
  CHECK(file.attribute<std::uint64_t>("/", "seed") == 7);
  CHECK(file.attribute<std::string>("/", "scenario").find("# --set campaign.epochs=3") !=
        std::string::npos);
  CHECK(file.attribute<std::string>("/snapshots/time", "units") == "ns since 1970-01-01T00:00:00Z");
  CHECK_FALSE(file.exists("/baseline"));
}

TEST_CASE("lmsim run: scoring the exported snapshots with lmsim score gives the same allocations",
          "[cli][run]") {
  TempDir dir;
  const std::string out = dir.file("r");
  const CommandResult result = run(out, {"--export-score-inputs", "--no-baseline"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const CommandResult scored =
      run_lmsim({"score", "--campaign", out + "/campaign.toml", "--snapshots",
                 out + "/snapshots.csv", "--orders", out + "/orders.csv", "--out", dir.file("s")});
  INFO(scored.err);
  REQUIRE(scored.exit_code == 0);
  // allocations.csv: market,miner,bid_reward,ask_reward,total_reward,eligible_snapshots
  std::map<std::string, engine::BaseUnits> from_score;
  const std::string csv = read_file(dir.file("s/allocations.csv"));
  sim::io::CsvReader reader(csv, "allocations.csv");
  reader.next_row();
  while (reader.next_row()) {
    from_score[std::string(reader.field(1))] = *engine::parse_token_amount(reader.field(4), 6);
  }
  // Prices are whole cents and amounts whole lots (1e-4 ETH), written as exact decimals.
  const std::string orders = read_file(out + "/orders.csv");
  sim::io::CsvReader order_rows(orders, "orders.csv");
  order_rows.next_row();
  std::size_t rows = 0;
  while (order_rows.next_row()) {
    const std::string price(order_rows.field(4));
    const std::string amount(order_rows.field(5));
    CAPTURE(price, amount);
    const auto decimals = [](const std::string& text) {
      const auto dot = text.find('.');
      return dot == std::string::npos ? 0 : text.size() - dot - 1;
    };
    CHECK(decimals(price) <= 2);
    CHECK(decimals(amount) <= 4);
    ++rows;
  }
  CHECK(rows > 0);
  const sim::io::Hdf5Reader file(out + "/results.h5");
  const auto names = file.read<std::string>("/miners/name");
  const auto rewards = file.read<std::int64_t>("/miners/reward_base_units");
  REQUIRE(names.size() == 6);
  for (std::size_t miner = 0; miner < names.size(); ++miner) {
    CAPTURE(names[miner]);
    const auto it = from_score.find(names[miner]);
    CHECK((it == from_score.end() ? 0 : it->second) == rewards[miner]);
  }
}

TEST_CASE("lmsim run: the run's metrics are stored in results.h5 and summary.json",
          "[cli][run][metrics]") {
  TempDir dir;
  const CommandResult result = run(dir.file("r"));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const sim::io::Hdf5Reader file(dir.file("r/results.h5"));

  // Every dataset says what it is measured in.
  std::vector<std::string> groups{""};
  std::size_t datasets = 0;
  while (!groups.empty()) {
    const std::string group = groups.back();
    groups.pop_back();
    for (const std::string& member : file.members(group)) {
      const std::string path = group + "/" + member;
      if (file.is_group(path)) {
        groups.push_back(path);
      } else {
        CAPTURE(path);
        CHECK(file.has_attribute(path, "units"));
        ++datasets;
      }
    }
  }
  CHECK(datasets > 150);
  CHECK(file.is_group("/metrics/fairness"));

  // Per-miner rewards in tokens are the recorded base units / 10^6.
  CHECK(file.read<std::string>("/metrics/miners/name") == file.read<std::string>("/miners/name"));
  const auto base_units = file.read<std::int64_t>("/miners/reward_base_units");
  const auto rewards = file.read<double>("/metrics/miners/reward");
  REQUIRE(rewards.size() == base_units.size());
  for (std::size_t i = 0; i < rewards.size(); ++i) {
    CHECK(rewards[i] == Approx(static_cast<double>(base_units[i]) / 1e6).epsilon(1e-15));
  }
  CHECK(file.attribute<std::string>("/metrics/miners/reward", "units") == "USDT");
  CHECK(file.attribute<std::string>("/metrics/miners/trading_pnl", "units") == "USDT");
  CHECK(file.attribute<std::string>("/metrics/miners/mean_eligible_bid", "units") == "ETH");

  // The sponsor's books balance.
  const double spent = file.read<double>("/metrics/sponsor/spent").at(0);
  const double unallocated = file.read<double>("/metrics/sponsor/unallocated").at(0);
  CHECK(spent + unallocated == Approx(100.0).epsilon(1e-12));

  // The Gini coefficient of the entities' rewards, from its double-sum definition.
  std::map<std::string, double> by_entity;
  const auto entities = file.read<std::string>("/miners/entity");
  for (std::size_t i = 0; i < entities.size(); ++i) by_entity[entities[i]] += rewards[i];
  double pair_differences = 0.0;
  for (const auto& [a, x] : by_entity) {
    for (const auto& [b, y] : by_entity) pair_differences += std::abs(x - y);
  }
  const double n = static_cast<double>(by_entity.size());
  const double gini = pair_differences / (2.0 * n * n * (sum(rewards) / n));
  REQUIRE(file.read<std::string>("/metrics/fairness/population_of").at(0) == "entities");
  CHECK(file.read<double>("/metrics/fairness/gini").at(0) == Approx(gini).epsilon(1e-12));
  CHECK(gini > 0.0);

  // summary.json carries the same figures under the same names.
  const std::string summary = read_file(dir.file("r/summary.json"));
  const std::size_t fairness = summary.find("\"fairness\": {");
  REQUIRE(fairness != std::string::npos);
  const std::size_t gini_key = summary.find("\"gini\": ", fairness);
  REQUIRE(gini_key != std::string::npos);
  CHECK(std::stod(summary.substr(gini_key + 8, 30)) == Approx(gini).epsilon(1e-12));
  CHECK(summary.find("\"cost_per_added_depth\": [") != std::string::npos);
}

TEST_CASE("lmsim run: existing results are kept unless --force; the baseline is recorded",
          "[cli][run]") {
  TempDir dir;
  REQUIRE(run(dir.file("r")).exit_code == 0);
  const CommandResult refused = run(dir.file("r"));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("results.h5: already exists; refusing to overwrite") != std::string::npos);
  CHECK(run(dir.file("r"), {"--force"}).exit_code == 0);
  const sim::io::Hdf5Reader file(dir.file("r/results.h5"));
  CHECK(file.exists("/baseline/market/depth_bid_1pct"));
  CHECK(file.dims("/baseline/market/mid") == file.dims("/market/mid"));
}

TEST_CASE("lmsim run and validate: bad scenarios and options exit 2 with a located message",
          "[cli][run]") {
  TempDir dir;
  const CommandResult typo = run(dir.file("r"), {"--set", "sim.sed=3"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "lmsim: error: --set sim.sed=3: sim.sed: unknown key (did you mean 'seed'?)\n");
  const CommandResult missing = run_lmsim({"run", "nope.toml"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "lmsim: error: nope.toml: cannot open file\n");
  const CommandResult no_file = run_lmsim({"run"});
  CHECK(no_file.exit_code == 2);
  CHECK(no_file.err == "lmsim: error: a scenario file is required (see 'lmsim run --help')\n");
  const std::string bad =
      dir.write("bad.toml", "[sim]\nstart = 2024-01-01T00:00:00Z\nduration = \"1h\"\nspeed = 2\n");
  const CommandResult invalid = run_lmsim({"validate", bad});
  CHECK(invalid.exit_code == 2);
  CHECK(invalid.err ==
        "lmsim: error: " + bad + ":4:1: sim.speed: unknown key (did you mean 'seed'?)\n");
  const CommandResult valid = run_lmsim({"validate", kQuickstart});
  CHECK(valid.exit_code == 0);
  CHECK(valid.out ==
        "scenarios/quickstart.toml: ok: 12m of ETH-USDT from 2024-06-03T00:00:00Z, 177 "
        "background agents, 6 miners, 10 snapshot slots\n");
  const CommandResult help = run_lmsim({"run", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--set KEY.PATH=VALUE") != std::string::npos);
}

TEST_CASE(
    "lmsim run: a replayed market pays out its budget and records the market without the miners",
    "[cli][run][replay]") {
  TempDir dir;
  const CommandResult result =
      run_lmsim({"run", "scenarios/replay_btcusdt.toml", "--out", dir.file("r"), "--set",
                 "market.queue=\"probabilistic\""});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("replaying tardis data, 4 miners") != std::string::npos);
  const sim::io::Hdf5Reader file(dir.file("r/results.h5"));
  const auto allocated = file.read<std::int64_t>("/epochs/allocated");
  const auto unallocated = file.read<std::int64_t>("/epochs/unallocated");
  CHECK(allocated[0] + unallocated[0] == 100'000'000);
  CHECK(sum(file.read<std::int64_t>("/miners/reward_base_units")) == allocated[0]);
  CHECK(file.attribute<std::string>("/", "queue_model") == "probabilistic");
  // The recorded book is the market without the campaign; the miners' orders add depth to it.
  const auto with = file.read<double>("/market/depth_bid_1pct");
  const auto without = file.read<double>("/baseline/market/depth_bid_1pct");
  REQUIRE(with.size() == without.size());
  bool added = false;
  for (std::size_t i = 0; i < with.size(); ++i) {
    CHECK(with[i] >= without[i]);
    added = added || with[i] > without[i];
  }
  CHECK(added);
  // Snapshot mids are the recorded mids (first 2024-08-08 BTC-USDT mid in the campaign: 61,5xx).
  const auto mids = file.read<double>("/snapshots/mid");
  REQUIRE(mids.size() == 10);
  CHECK(mids[0] > 61'000.0);
  CHECK(mids[0] < 62'000.0);
}

TEST_CASE("lmsim validate: replay settings are checked", "[cli][run][replay]") {
  const CommandResult bad_format =
      run_lmsim({"validate", "scenarios/replay_btcusdt.toml", "--set", "market.format=\"csv\""});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err ==
        "lmsim: error: --set market.format=\"csv\": market.format: expected "
        "\"lobster\", \"tardis\" or \"lmsim\" (got \"csv\")\n");
  const CommandResult no_tick =
      run_lmsim({"validate", "scenarios/replay_btcusdt.toml", "--set", "market.lot_size=0.001"});
  CHECK(no_tick.exit_code == 0);  // validation does not read the data…
  TempDir dir;
  const CommandResult off_lot = run_lmsim({"run", "scenarios/replay_btcusdt.toml", "--out",
                                           dir.file("r"), "--set", "market.lot_size=0.001"});
  CHECK(off_lot.exit_code == 2);  // …the run does, and stops at the first bad row
  CHECK(off_lot.err.find("BTCUSDT_incremental_book_L2.csv.gz:") != std::string::npos);
  CHECK(off_lot.err.find("is not a whole number of lots (lot_size 0.001)") != std::string::npos);
  CHECK(std::filesystem::is_empty(dir.path()));  // neither a result nor a temporary
}

namespace {

/// The names directly inside `directory`, sorted.
std::vector<std::string> listing(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("lmsim run: a full disk ends with exit 2, the file and the reason, nothing left behind",
          "[cli][run][reliability]") {
  // A file-size limit fails writes with EFBIG where a full disk fails them with ENOSPC: the same
  // path through HDF5 and the result files, without needing a full disk. Limits that cut the
  // results file at different places: its first dataset, the middle, the metrics at the end.
  for (const std::uint64_t limit : {8 * 1024, 32 * 1024, 200 * 1024}) {
    CAPTURE(limit);
    TempDir dir;
    const CommandResult result = run_lmsim(
        {"run", kQuickstart, "--out", dir.file("r"), "--no-baseline"}, CommandOptions{"", limit});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("lmsim: error: " + dir.file("r") + "/results.h5: /", 0) == 0);
    CHECK(result.err.find(": cannot write dataset: File too large\n") != std::string::npos);
    CHECK(listing(dir.path()).empty());  // neither a result nor a temporary
  }
  TempDir dir;
  const CommandResult csv = run_lmsim(
      {"run", kQuickstart, "--out", dir.file("r"), "--no-baseline", "--export-score-inputs"},
      CommandOptions{"", 4 * 1024});
  CHECK(csv.exit_code == 2);
  CHECK(csv.err ==
        "lmsim: error: " + dir.file("r") + "/orders.csv: cannot write: File too large\n");
  CHECK(listing(dir.path()).empty());
}

TEST_CASE("lmsim run: SIGTERM and SIGINT remove the run's temporaries", "[cli][run][reliability]") {
  for (const int signal : {SIGTERM, SIGINT}) {
    CAPTURE(signal);
    TempDir dir;
    // Two simulated days: the signal always arrives during the run.
    RunningCommand running = start_lmsim(
        {"run", "scenarios/fair_weather.toml", "--out", dir.file("r"), "--no-baseline"});
    // Once the staging directory exists the command has installed its handlers.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (listing(dir.path()).empty() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(listing(dir.path()).size() == 1);
    ::kill(running.pid(), signal);
    const CommandResult result = running.wait();
    CHECK(result.exit_code == 128 + signal);
    CHECK(listing(dir.path()).empty());
  }
}

TEST_CASE("lmsim run: what a killed run left is removed by the next run beside it",
          "[cli][run][reliability]") {
  TempDir dir;
  RunningCommand running =
      start_lmsim({"run", "scenarios/fair_weather.toml", "--out", dir.file("r"), "--no-baseline"});
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (listing(dir.path()).empty() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(running.pid(), SIGKILL);
  CHECK(running.wait().exit_code == 128 + SIGKILL);
  const std::vector<std::string> left = listing(dir.path());
  REQUIRE(left.size() == 1);  // kill -9 cannot be caught: the staging directory stays…
  CHECK(left[0].rfind(".r.tmp-", 0) == 0);
  const CommandResult next = run(dir.file("q"), {"--no-baseline"});
  CHECK(next.exit_code == 0);
  CHECK(listing(dir.path()) == std::vector<std::string>{"q"});  // …until the next run
}

TEST_CASE("lmsim run: --force replaces an earlier result whole, a foreign directory never",
          "[cli][run][reliability]") {
  TempDir dir;
  const std::string out = dir.file("r");
  REQUIRE(run(out, {"--no-baseline", "--export-score-inputs"}).exit_code == 0);
  REQUIRE(run(out, {"--no-baseline", "--force", "--seed", "9"}).exit_code == 0);
  // The score inputs of the earlier run went with it: no file of two runs side by side.
  CHECK(listing(out) == std::vector<std::string>{"results.h5", "summary.json"});
  CHECK(listing(dir.path()) == std::vector<std::string>{"r"});
  TempDir other;
  other.write("notes.txt", "mine");
  const CommandResult refused = run(other.path().string(), {"--no-baseline", "--force"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err == "lmsim: error: " + other.path().string() +
                           ": holds \"notes.txt\", which is not part of an lmsim result; a result "
                           "goes into a new or empty directory, or replaces an earlier result\n");
  CHECK(listing(other.path()) == std::vector<std::string>{"notes.txt"});
}

TEST_CASE("lmsim run: non-finite, overflowing or runaway values stop with exit 2 at their key",
          "[cli][run][reliability]") {
  // Each of these once ran to exit 0 with garbage (or spun, or ended as an internal error).
  const std::vector<std::pair<std::string, std::string>> cases{
      {"market.initial_price=inf", "market.initial_price: must be a finite number (got inf)"},
      {"market.lot_size=inf", "market.lot_size: must be a finite number (got inf)"},
      {"miners[0].base_balance=inf", "miners[0].base_balance: must be a finite number (got inf)"},
      {"market.tick_size=1e-16", "market.initial_price: must be at most 1000000000000 ticks"},
      {"market.lot_size=1e-18", "miners[0].base_balance: comes to 1e+19 lots of lot_size 1e-18"},
      {"miners[0].order_amount=1e300", "miners[0].order_amount: must be in (0, "},
      {"campaign.max_spread=inf", "campaign.max_spread: must be a finite number (got inf)"},
      {"campaign.max_spread=1.5", "campaign.max_spread: must be in (0, 1] (got 1.5)"},
      {"campaign.spread_factor=inf", "campaign.spread_factor: must be a finite number (got inf)"},
      {"campaign.min_order_amount=inf",
       "campaign.min_order_amount: must be a finite number (got inf)"},
      {"background.market_makers.initial_spread=1e300",
       "background.market_makers.initial_spread: must be in (0, 1000000] (got 1e+300)"},
      {"background.market_makers.price_skew=1e300",
       "background.market_makers.price_skew: must be in [0, 1000000] (got 1e+300)"},
      {"market.fundamental.jump_rate=inf",
       "market.fundamental.jump_rate: must be a finite number (got inf)"},
      {"market.fundamental.jump_rate=1e300",
       "market.fundamental.jump_rate: must be in [0, 1000000] (got 1e+300)"},
  };
  TempDir dir;
  for (const auto& [assignment, message] : cases) {
    CAPTURE(assignment);
    const CommandResult result =
        run_lmsim({"run", kQuickstart, "--out", dir.file("r"), "--set", assignment});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("lmsim: error: ", 0) == 0);
    CHECK(result.err.find(message) != std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }
  CHECK(listing(dir.path()).empty());
}

TEST_CASE("lmsim run: orders beyond the book's price range stop the run with exit 2",
          "[cli][run][reliability]") {
  // Valid values whose product is not: ladders a billion ticks apart.
  TempDir dir;
  const CommandResult result =
      run_lmsim({"run", kQuickstart, "--out", dir.file("r"), "--no-baseline", "--set",
                 "background.market_makers.level_spacing=1000", "--set",
                 "background.market_makers.initial_spread=1e6"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("lmsim: error: " + kQuickstart + ": market.tick_size: an order at ", 0) ==
        0);
  CHECK(result.err.find("would make the book's prices span more than 8388608 ticks") !=
        std::string::npos);
  CHECK(listing(dir.path()).empty());
}

TEST_CASE("lmsim run: a scenario without miners is a baseline that runs and reports",
          "[cli][run][reliability]") {
  TempDir dir;
  std::string text = read_file(source_path(kQuickstart));
  text.resize(text.find("[[miners]]"));
  const std::string scenario = dir.write("baseline.toml", text);
  const std::string out = dir.file("r");
  const CommandResult result = run_lmsim({"run", scenario, "--out", out, "--report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("epoch 0: budget 100.000000, allocated 0.000000, unallocated 100.000000") !=
        std::string::npos);
  const sim::io::Hdf5Reader file(out + "/results.h5");
  for (const char* matrix :
       {"/snapshot_miner/reward", "/snapshot_miner/weight_bid", "/snapshot_miner/inventory"}) {
    CAPTURE(matrix);
    CHECK(file.dims(matrix) == std::vector<std::uint64_t>{10, 0});
  }
  CHECK(file.read<std::string>("/miners/name").empty());
  CHECK(std::filesystem::exists(out + "/report.html"));
}

TEST_CASE("lmsim run: a bad --seed blames the option, a directory is not a scenario",
          "[cli][run][reliability]") {
  for (const std::string seed : {"-1", "1e3", "99999999999999999999", "x"}) {
    CAPTURE(seed);
    const CommandResult result = run_lmsim({"run", kQuickstart, "--seed", seed, "--out", "-"});
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "lmsim: error: --seed: expected a whole number from 0 to "
          "9223372036854775807 (got \"" +
              seed + "\")\n");
  }
  for (const std::string command : {"run", "validate"}) {
    const CommandResult result = run_lmsim({command, "scenarios"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "lmsim: error: scenarios: is a directory, not a TOML file\n");
  }
}

TEST_CASE(
    "lmsim run: --also-score records every further rule, and lmsim score --rule on the "
    "exported snapshots pays exactly the same",
    "[cli][run][rules]") {
  TempDir dir;
  const std::string out = dir.file("r");
  const CommandResult result =
      run(out, {"--also-score", "dydx,polymarket", "--also-score", "size_only,uniform",
                "--export-score-inputs", "--no-baseline"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("  scored by uniform, epoch 0: allocated 100.000000, unallocated "
                        "0.000000 USDT\n") != std::string::npos);
  const sim::io::Hdf5Reader file(out + "/results.h5");
  const auto names = file.read<std::string>("/miners/name");
  const std::string summary = read_file(out + "/summary.json");
  CHECK(summary.find("\"rules\": {\n    \"dydx\": {\n      \"rule\": \"dydx\"") !=
        std::string::npos);
  for (const std::string rule : {"dydx", "polymarket", "size_only", "uniform"}) {
    CAPTURE(rule);
    const std::string group = "/rules/" + rule;
    CHECK(file.attribute<std::string>(group, "rule") == rule);
    const auto rewards = file.read<std::int64_t>(group + "/miners/reward_base_units");
    const auto allocated = file.read<std::int64_t>(group + "/epochs/allocated");
    const auto unallocated = file.read<std::int64_t>(group + "/epochs/unallocated");
    REQUIRE(rewards.size() == names.size());
    CHECK(sum(rewards) == sum(allocated));
    CHECK(allocated[0] + unallocated[0] == 100'000'000);
    CHECK(allocated[0] > 0);
    // Every rule is measured against the same useful liquidity and risk.
    CHECK(file.read<std::string>("/metrics/rules/" + rule + "/miners/name") == names);
    CHECK(file.read<double>("/metrics/rules/" + rule + "/fairness/gini_reward_per_useful").size() ==
          2);

    // The exported campaign lists the same rules; scoring with one reproduces its totals.
    const CommandResult scored = run_lmsim(
        {"score", "--campaign", out + "/campaign.toml", "--snapshots", out + "/snapshots.csv",
         "--orders", out + "/orders.csv", "--rule", rule, "--out", dir.file("s_" + rule)});
    INFO(scored.err);
    REQUIRE(scored.exit_code == 0);
    std::map<std::string, engine::BaseUnits> from_score;
    // The reader views the text: it must outlive the reader.
    const std::string allocations = read_file(dir.file("s_" + rule + "/allocations.csv"));
    sim::io::CsvReader reader(allocations, "a.csv");
    reader.next_row();
    while (reader.next_row()) {
      from_score[std::string(reader.field(1))] = *engine::parse_token_amount(reader.field(4), 6);
    }
    for (std::size_t miner = 0; miner < names.size(); ++miner) {
      CAPTURE(names[miner]);
      const auto it = from_score.find(names[miner]);
      CHECK((it == from_score.end() ? 0 : it->second) == rewards[miner]);
    }
    CHECK(read_file(dir.file("s_" + rule + "/summary.json")).find("\"rule\": \"" + rule + "\"") !=
          std::string::npos);
  }
  CHECK(file.read<double>("/metrics/rules/hummingbot/miners/gaming_premium").size() ==
        names.size());
  CHECK(file.exists("/snapshot_miner/size_at_touch_bid"));
  CHECK(file.exists("/fills/counterparty"));

  // The same run again: byte-identical files.
  REQUIRE(
      run(dir.file("again"), {"--also-score", "dydx,polymarket,size_only,uniform", "--no-baseline"})
          .exit_code == 0);
  CHECK(read_file(dir.file("again/summary.json")) == read_file(out + "/summary.json"));
}

TEST_CASE("lmsim run and score: bad rule input exits 2 with file:line:key and writes nothing",
          "[cli][run][rules]") {
  TempDir dir;
  const auto refused = [&](const std::vector<std::string>& extra, const std::string& message) {
    const CommandResult result = run(dir.file("r"), extra);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "lmsim: error: " + message + "\n");
    CHECK((!std::filesystem::exists(dir.file("r")) || std::filesystem::is_empty(dir.file("r"))));
  };
  refused({"--also-score", "dydy"},
          "--also-score dydy: unknown rule \"dydy\" (expected \"hummingbot\", \"dydx\", "
          "\"polymarket\", \"size_only\" or \"uniform\"; did you mean \"dydx\"?)");
  refused({"--set", "campaign.rule=\"dydx\""},
          "scenarios/quickstart.toml:68:14: campaign.max_spread: is a key of rule \"dydx\", read "
          "from [campaign.dydx]");
  refused({"--set", "campaign.also_score=[{rule = \"dydx\", uptime_exponent = -5.0}]"},
          "--set campaign.also_score=[{rule = \"dydx\", uptime_exponent = -5.0}]: "
          "campaign.also_score[0].uptime_exponent: must be in [0, 100] (got -5)");
  refused({"--set", "campaign.also_score=[{rule = \"dydx\", min_depth = -1.0}]"},
          "--set campaign.also_score=[{rule = \"dydx\", min_depth = -1.0}]: "
          "campaign.also_score[0].min_depth: must be >= 0 (got -1)");
  refused({"--set", "campaign.also_score=[{rule = \"polymarket\", single_sided_divisor = 0}]"},
          "--set campaign.also_score=[{rule = \"polymarket\", single_sided_divisor = 0}]: "
          "campaign.also_score[0].single_sided_divisor: must be >= 1 (got 0)");

  // lmsim score: a campaign of another rule with a bad key, and an unknown --rule.
  const std::string example = "scenarios/score_example/";
  std::string campaign = read_file(source_path(example + "campaign.toml"));
  const auto at = campaign.find("[[campaign.markets]]");
  REQUIRE(at != std::string::npos);
  const auto score = [&](const std::string& campaign_path, std::vector<std::string> extra) {
    std::vector<std::string> args{
        "score",    "--campaign",           campaign_path, "--snapshots", example + "snapshots.csv",
        "--orders", example + "orders.csv", "--out",       dir.file("s")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_lmsim(args);
  };
  const std::string bad = dir.write(
      "c.toml", campaign.substr(0, at) + "[campaign.polymarket]\nsingle_sided_divisor = -3\n\n" +
                    campaign.substr(at));
  const CommandResult wrong_table = score(bad, {});
  CHECK(wrong_table.exit_code == 2);
  INFO(wrong_table.err);
  CHECK(wrong_table.err.find(":1: campaign.polymarket: holds the parameters of rule "
                             "\"polymarket\", but the campaign's rule is \"hummingbot\"") !=
        std::string::npos);
  const CommandResult bad_value = score(bad, {"--rule", "polymarket"});
  CHECK(bad_value.exit_code == 2);
  CHECK(bad_value.err.find(": campaign.polymarket.single_sided_divisor: must be >= 1 (got -3)\n") !=
        std::string::npos);
  const CommandResult unknown = score(example + "campaign.toml", {"--rule", "unifrom"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "lmsim: error: --rule unifrom: unknown rule \"unifrom\" (expected \"hummingbot\", "
        "\"dydx\", \"polymarket\", \"size_only\" or \"uniform\"; did you mean \"uniform\"?)\n");
  CHECK((!std::filesystem::exists(dir.file("s")) || std::filesystem::is_empty(dir.file("s"))));
}
