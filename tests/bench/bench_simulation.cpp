// Simulator throughput: the order book's matching loop under random order flow (book events
// per second), and whole scenario runs without result writing (wall time per run).
//   build/release/tests/bench/bench_simulation [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/split_mix.hpp"
#include "analysis/stylised_facts.hpp"
#include "sim/app/simulate.hpp"
#include "sim/app/sweep.hpp"
#include "sim/core/order_book.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/replay/market_conversion.hpp"
#include "sim/io/scenario_loader.hpp"

namespace {

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

// A steady random flow around a mid of 10,000 ticks: 50% limit orders within 20 ticks of the
// mid, 35% cancels of a random resting order, 15% market orders.
void BM_OrderBookFlow(benchmark::State& state) {
  OrderBook book;
  RandomStream random(11);
  std::vector<Execution> executions;
  std::vector<OrderId> resting;
  resting.reserve(1 << 16);
  constexpr Ticks kMid = 10'000;
  // Warm up a two-sided book.
  for (int i = 0; i < 20'000; ++i) {
    const Side side = i % 2 == 0 ? Side::kBid : Side::kAsk;
    const Ticks price = side == Side::kBid ? kMid - 1 - static_cast<Ticks>(random.below(20))
                                           : kMid + 1 + static_cast<Ticks>(random.below(20));
    resting.push_back(
        book.submit_limit(1, side, price, 1 + static_cast<Lots>(random.below(10)), 0, executions));
  }
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      const double draw = random.uniform();
      executions.clear();
      if (draw < 0.5) {
        const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
        const Ticks offset = static_cast<Ticks>(random.below(20)) - 2;
        const Ticks price = side == Side::kBid ? kMid - offset : kMid + offset;
        const OrderId id = book.submit_limit(
            2, side, price, 1 + static_cast<Lots>(random.below(10)), 0, executions);
        if (id != 0) resting.push_back(id);
      } else if (draw < 0.85 && !resting.empty()) {
        const std::size_t at = random.below(resting.size());
        book.cancel(resting[at]);
        resting[at] = resting.back();
        resting.pop_back();
      } else {
        book.submit_market(3, random.bernoulli(0.5) ? Side::kBid : Side::kAsk,
                           1 + static_cast<Lots>(random.below(20)), executions);
      }
    }
  }
  state.counters["book_events_per_second"] =
      benchmark::Counter(static_cast<double>(book.event_count()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OrderBookFlow);

class NullObserver final : public RunObserver {
 public:
  void on_sample(const MarketSample&) override {}
  void on_snapshot(const SnapshotObservation&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_fill_markout(const FillMarkoutRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}
};

void run_scenario(benchmark::State& state, const Scenario& scenario) {
  std::uint64_t book_events = 0;
  std::uint64_t events = 0;
  std::uint64_t wakes = 0;
  for (auto _ : state) {
    const auto simulation = app::make_simulation(scenario);
    NullObserver observer;
    simulation->run(observer);
    book_events += simulation->statistics().book_events;
    events += simulation->statistics().events;
    wakes += simulation->statistics().agent_wakes;
  }
  // Scheduler events (superseded wake-ups included) and the agents' wakes they led to.
  state.counters["events"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["agent_wakes"] =
      benchmark::Counter(static_cast<double>(wakes), benchmark::Counter::kAvgIterations);
  state.counters["book_events"] =
      benchmark::Counter(static_cast<double>(book_events), benchmark::Counter::kAvgIterations);
  state.counters["book_events_per_second"] =
      benchmark::Counter(static_cast<double>(book_events), benchmark::Counter::kIsRate);
}

void run_scenario(benchmark::State& state, const std::string& file,
                  const std::vector<std::string>& overrides) {
  run_scenario(state,
               load_scenario(std::string(LMSIM_SOURCE_DIR) + "/scenarios/" + file, overrides));
}

void BM_BenchDay(benchmark::State& state) {
  run_scenario(state, "bench_day.toml", {});
}
BENCHMARK(BM_BenchDay)->Unit(benchmark::kMillisecond);

void BM_WeekCampaign(benchmark::State& state) {
  run_scenario(state, "week_campaign.toml", {});
}
BENCHMARK(BM_WeekCampaign)->Unit(benchmark::kMillisecond)->Iterations(1);

// The week campaign with 100 miners: its first miner group scaled up.
void BM_Week100Miners(benchmark::State& state) {
  run_scenario(state, "week_campaign.toml", {"miners[0].count=80"});
}
BENCHMARK(BM_Week100Miners)->Unit(benchmark::kMillisecond)->Iterations(1);

// The recorded Binance BTC-USDT book (10.5 minutes, 320 k events) replayed from an lmsim market
// file with 10 miners quoting into it; book_events counts recorded events plus the miners'
// order actions. A full day of this market is ~140 times as many events.
/// The Binance BTC-USDT excerpt converted to an lmsim market file; returns its path.
std::string btcusdt_market_file() {
  const std::string data =
      std::string(LMSIM_SOURCE_DIR) + "/scenarios/data/binance-btcusdt-2024-08-08/";
  const std::string market_file = "/tmp/lmsim-bench-btcusdt.h5";
  replay::ConversionOptions options;
  options.format = replay::RecordedFormat::kTardis;
  options.inputs = {data + "BTCUSDT_incremental_book_L2.csv.gz", data + "BTCUSDT_trades.csv.gz"};
  options.units = replay::MarketUnits{0.01, 0.000001};
  replay::convert_to_market_file(options, market_file);
  return market_file;
}

void BM_ReplayMarketFile(benchmark::State& state) {
  const std::string market_file = btcusdt_market_file();
  run_scenario(state, "replay_btcusdt.toml",
               {"market.format=\"lmsim\"", "market.files=[\"" + market_file + "\"]",
                "miners[0].count=6", "miners[1].order_levels=2", "miners[2].count=3"});
}
BENCHMARK(BM_ReplayMarketFile)->Unit(benchmark::kMillisecond);

// The same events with one quoting strategy: a single pure-market-making miner (the scenario's
// first group, one account), the setting hftbacktest's in-process figure is measured in.
void BM_ReplayMarketFileOneMiner(benchmark::State& state) {
  const std::string market_file = btcusdt_market_file();
  Scenario scenario = load_scenario(
      std::string(LMSIM_SOURCE_DIR) + "/scenarios/replay_btcusdt.toml",
      {"market.format=\"lmsim\"", "market.files=[\"" + market_file + "\"]", "miners[0].count=1"});
  scenario.miners.resize(1);
  run_scenario(state, scenario);
}
BENCHMARK(BM_ReplayMarketFileOneMiner)->Unit(benchmark::kMillisecond);

// The same replay from the tardis.dev CSV files (gzip), parsing included.
void BM_ReplayCsv(benchmark::State& state) {
  run_scenario(state, "replay_btcusdt.toml", {"miners[0].count=6", "miners[2].count=3"});
}
BENCHMARK(BM_ReplayCsv)->Unit(benchmark::kMillisecond);

// The trade facts of a week's tape (analysis::trade_facts): 2.1 M trades of whole lots (about
// 7,000 distinct sizes, most near 0.2), 200 block-bootstrap resamples — most of the time a week
// spends on its metrics.
void BM_TradeFacts(benchmark::State& state) {
  constexpr std::size_t kTrades = 2'100'000;
  constexpr engine::Nanos kWeek = 7 * 24 * 3600 * engine::kNanosPerSecond;
  analysis::SplitMix64 random(5);
  std::vector<engine::Nanos> times(kTrades);
  std::vector<double> sizes(kTrades);
  std::vector<engine::Side> aggressors(kTrades);
  for (std::size_t i = 0; i < kTrades; ++i) {
    times[i] = static_cast<engine::Nanos>(i) * (kWeek / static_cast<engine::Nanos>(kTrades));
    const std::uint64_t lots =
        random.uniform() < 0.9 ? 1'950 + random.below(100) : 1 + random.below(7'000);
    sizes[i] = static_cast<double>(lots) * 1e-4;
    aggressors[i] = random.below(2) == 0 ? engine::Side::kBid : engine::Side::kAsk;
  }
  const analysis::TradeTape tape{times, sizes, aggressors, 0, kWeek};
  for (auto _ : state) {
    benchmark::DoNotOptimize(analysis::trade_facts(tape, analysis::BootstrapSettings{}));
  }
}
BENCHMARK(BM_TradeFacts)->Unit(benchmark::kMillisecond);

// The market's facts of bench_day's run (6.5 h on a one-second grid, about 21,000 trades) as
// `lmsim run` measures them after the run, on every core (app::measure_market_facts): the
// longest part of what a run costs beyond its simulation.
void BM_DayFacts(benchmark::State& state) {
  app::SimulateOptions options;
  options.baseline = false;
  options.metrics = false;
  const app::SimulatedRun day = app::simulate(
      load_scenario(std::string(LMSIM_SOURCE_DIR) + "/scenarios/bench_day.toml", {}), options);
  for (auto _ : state) benchmark::DoNotOptimize(app::measure_market_facts(day.run));
  state.counters["samples"] = static_cast<double>(day.run.market.time.size());
  state.counters["trades"] = static_cast<double>(day.run.market.trades.size());
}
BENCHMARK(BM_DayFacts)->Unit(benchmark::kMillisecond);

// Every bundled scenario simulated as BM_BenchDay is (the run alone, nothing collected):
// BM_Scenario/<name>, what scripts/bench-run-cost.sh sets `lmsim run` against.
const bool kScenarioBenchmarks = [] {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LMSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    const std::string name = "BM_Scenario/" + file.substr(0, file.size() - 5);
    benchmark::RegisterBenchmark(name.c_str(), [file](benchmark::State& state) {
      run_scenario(state, file, {});
    })->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();

// ---- Sweeps: what a run of a sweep costs next to its simulation, and how sweeps scale.

/// The one-hour scenario of the sweep benchmarks: quickstart's market and miners for an hour.
const std::vector<std::string> kHour = {"sim.duration=\"1h\"", "campaign.epoch_length=\"58m\""};

// The simulation alone, in process: the run and its baseline, nothing collected.
void BM_HourSimulation(benchmark::State& state) {
  const Scenario scenario =
      load_scenario(std::string(LMSIM_SOURCE_DIR) + "/scenarios/quickstart.toml", kHour);
  Scenario without_miners = scenario;
  without_miners.miners.clear();
  for (auto _ : state) {
    NullObserver observer;
    app::make_simulation(scenario)->run(observer);
    app::make_simulation(without_miners)->run(observer);
  }
}
BENCHMARK(BM_HourSimulation)->Unit(benchmark::kMillisecond);

// One run of a sweep: the scenario from the parsed document with the point's overrides, the
// simulation and its baseline, the collected data, the metrics and the headline figures. With
// state.range(0) = 1 the baseline is the one an earlier point simulated (a budget sweep's later
// points), with 0 the run simulates it.
void BM_SweepRun(benchmark::State& state) {
  const app::SweepPlan plan =
      app::make_sweep_plan(std::string(LMSIM_SOURCE_DIR) + "/scenarios/quickstart.toml", kHour,
                           {io::parse_grid_argument("campaign.markets[0].budget=100")}, 1);
  std::optional<app::SharedMarkets> markets(std::in_place);
  const std::vector<std::string> names = app::sweep_metric_names(plan);
  for (auto _ : state) {
    if (state.range(0) == 0) markets.emplace();
    benchmark::DoNotOptimize(app::run_point(plan, plan.point_values(0), 0, *markets, names));
  }
}
BENCHMARK(BM_SweepRun)->ArgName("shared_baseline")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// A sweep of 100 points x 10 replicates of the one-hour scenario on 1 and 2 threads; the rate
// is points (of 10 runs each) per second.
void BM_Sweep(benchmark::State& state) {
  const app::SweepPlan plan =
      app::make_sweep_plan(std::string(LMSIM_SOURCE_DIR) + "/scenarios/quickstart.toml", kHour,
                           {io::parse_grid_argument("campaign.markets[0].budget=10:1000:100")}, 10);
  const std::filesystem::path out = "/tmp/lmsim-bench-sweep";
  for (auto _ : state) {
    app::SweepOptions options;
    options.out_dir = out;
    options.jobs = static_cast<int>(state.range(0));
    options.overwrite = true;
    benchmark::DoNotOptimize(app::run_sweep(plan, options));
  }
  std::filesystem::remove_all(out);
  state.counters["points_per_second"] = benchmark::Counter(
      static_cast<double>(plan.points()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Sweep)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
