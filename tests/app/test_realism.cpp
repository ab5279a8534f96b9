// The synthetic market's realism, measured: quickstart's population (the realistic keys of
// docs/abides-population.md, "Realism") against the same market with ABIDES' settings restored,
// at two seeds, by the stylised facts `lmsim facts` prints. Three hours of one-second samples
// give 180 one-minute returns (a lag-1 autocorrelation's standard error ≈ 1/√180 ≈ 0.075), so
// the bounds below sit several standard errors from what each population shows; the issue's
// tighter bands need days of market and are checked by `lmsim facts` on the bundled scenarios.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/market_realism.hpp"
#include "sim/app/market_measurement.hpp"
#include "sim/app/simulate.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;

namespace {

// ABIDES' value traders, constant volatility, no resting liquidity, the realised volatility of
// one-second returns.
const std::vector<std::string> kAbides = {
    "market.volatility_interval=\"0s\"",
    "market.fundamental.volatility_of_volatility=0.0",
    "background.value.pricing=\"quotes\"",
    "background.value.valuation_horizon=\"36500d\"",
    "background.value.observation_noise=0.000316",
    "background.liquidity.count=0",
};

analysis::MarketRealism measure(std::uint64_t seed, std::vector<std::string> overrides) {
  overrides.push_back("sim.duration=\"3h\"");
  overrides.push_back("sim.seed=" + std::to_string(seed));
  const sim::Scenario scenario =
      sim::io::load_scenario(test::source_path("scenarios/quickstart.toml"), overrides);
  sim::app::MeasureOptions options;
  options.bootstrap.resamples = 0;
  return sim::app::measure_scenario_market(scenario, options).realism;
}

const analysis::ReturnFacts& minute_returns(const analysis::MarketRealism& realism) {
  for (const analysis::ReturnFacts& facts : realism.facts.returns) {
    if (facts.horizon == engine::kNanosPerMinute) return facts;
  }
  FAIL("no one-minute returns");
  return realism.facts.returns.front();
}

double mean_abs_acf(const analysis::ReturnFacts& facts, std::size_t lags) {
  double sum = 0.0;
  for (std::size_t lag = 0; lag < lags; ++lag) sum += facts.absolute_return_acf[lag].value;
  return sum / static_cast<double>(lags);
}

}  // namespace

TEST_CASE("Simulation: the realistic population fixes ABIDES' one-minute stylised facts",
          "[realism]") {
  for (const std::uint64_t seed : {7u, 8u}) {
    INFO("seed " << seed);
    const analysis::MarketRealism abides = measure(seed, kAbides);
    const analysis::MarketRealism realistic = measure(seed, {});
    const analysis::ReturnFacts& slow = minute_returns(abides);
    const analysis::ReturnFacts& fixed = minute_returns(realistic);
    REQUIRE(fixed.count >= 170);
    INFO("ABIDES: acf1 " << slow.return_acf[0].value << ", kurtosis " << slow.excess_kurtosis.value
                         << ", |r| acf1 " << slow.absolute_return_acf[0].value
                         << ", volatility ratio " << abides.volatility.ratio);
    INFO("realistic: acf1 " << fixed.return_acf[0].value << ", kurtosis "
                            << fixed.excess_kurtosis.value << ", |r| acf1 "
                            << fixed.absolute_return_acf[0].value << ", volatility ratio "
                            << realistic.volatility.ratio);

    // The mid no longer trails the value in slow waves: no lag-1 autocorrelation of one-minute
    // returns to speak of, where ABIDES' shows a strong one.
    CHECK(slow.return_acf[0].value > 0.3);
    CHECK(std::abs(fixed.return_acf[0].value) < 0.25);
    // Fat tails and volatility clustering at one minute.
    CHECK(fixed.excess_kurtosis.value > 1.0);
    CHECK(fixed.absolute_return_acf[0].value > 0.1);
    CHECK(mean_abs_acf(fixed, 10) > 0.05);
    CHECK(mean_abs_acf(slow, 10) < 0.05);
    // The realised volatility agents and miners read is the market's own.
    CHECK(realistic.volatility.ratio > 0.75);
    CHECK(realistic.volatility.ratio < 1.25);
  }
}

TEST_CASE("Simulation: miners quoting near the touch are filled in the realistic bench_day",
          "[realism]") {
  // bench_day's six pmm accounts quote 0.1% from the mid. With rmsc04's population (its
  // fundamental volatility, value traders and no resting liquidity) the mid hardly moves and
  // nobody trades through them: no fills in the whole day. In the realistic population the
  // price moves as an equity's and they trade.
  std::vector<std::string> rmsc04 = kAbides;
  rmsc04.push_back("market.fundamental.volatility=0.004648");
  for (const std::uint64_t seed : {1u, 2u}) {
    INFO("seed " << seed);
    const auto fills = [&](std::vector<std::string> overrides) {
      overrides.push_back("sim.seed=" + std::to_string(seed));
      const sim::Scenario scenario =
          sim::io::load_scenario(test::source_path("scenarios/bench_day.toml"), overrides);
      sim::app::SimulateOptions options;
      options.baseline = false;
      options.market_facts = false;
      std::vector<std::int64_t> pmm;
      for (const analysis::MinerRecord& miner : sim::app::simulate(scenario, options).run.miners) {
        if (miner.name.rfind("pmm-", 0) == 0) pmm.push_back(miner.maker_fills);
      }
      return pmm;
    };
    const std::vector<std::int64_t> realistic = fills({});
    const std::vector<std::int64_t> abides = fills(rmsc04);
    REQUIRE(realistic.size() == 6);
    REQUIRE(abides.size() == 6);
    std::int64_t abides_total = 0;
    for (std::size_t i = 0; i < realistic.size(); ++i) {
      INFO("pmm-" << i + 1 << ": " << realistic[i] << " fills, " << abides[i] << " with rmsc04");
      CHECK(realistic[i] >= 5);
      abides_total += abides[i];
    }
    CHECK(abides_total <= 5);
  }
}

TEST_CASE("Simulation: the bundled realistic scenarios hold every realism band at two seeds",
          "[realism]") {
  // The bands of docs/facts.md, exactly as `lmsim facts SCENARIO --compare
  // scenarios/replay_btcusdt.toml` prints them, on two days of each scenario's market without its
  // miners: 2,880 one-minute returns, so a lag-1 autocorrelation's standard error is ≈ 0.02 and
  // the kurtosis of a day with a few volatile hours is not one draw. (One scenario's own duration
  // — 12 minutes for quickstart, a trading day for the equity days — is too short to hold any of
  // these figures to a band; docs/facts.md lists them per scenario.) The depth shape is held to
  // the recorded Binance book, whose incremental feed keeps every level; the LOBSTER days keep
  // only five, all within 0.5% of the mid. fair_weather's storms give one-minute kurtosis near
  // 30, and with tails that fat two days leave its autocorrelation ±0.1 from seed to seed: it
  // is held over four. (week_campaign, a week long, is measured by `lmsim facts` in the docs.)
  sim::app::MeasureOptions plain;
  plain.bootstrap.resamples = 0;
  const sim::app::MeasuredMarket reference =
      sim::app::measure_market(test::source_path("scenarios/replay_btcusdt.toml"), plain);
  const std::pair<const char*, const char*> scenarios[] = {
      {"quickstart", "2d"}, {"budget_response", "2d"}, {"gaming_study", "2d"}, {"bench_day", "2d"},
      {"equity_day", "2d"}, {"calibrated_amzn", "2d"}, {"fair_weather", "4d"}};
  for (const auto& [name, duration] : scenarios) {
    for (const std::uint64_t seed : {1u, 2u}) {
      INFO(name << " over " << duration << " at seed " << seed);
      const sim::Scenario scenario = sim::io::load_scenario(
          test::source_path(std::string("scenarios/") + name + ".toml"),
          {std::string("sim.duration=\"") + duration + "\"", "sim.seed=" + std::to_string(seed)});
      const analysis::MarketRealism market =
          sim::app::measure_scenario_market(scenario, plain).realism;
      const std::vector<analysis::RealismBand> bands =
          analysis::realism_bands(market, &reference.realism);
      REQUIRE(bands.size() == 7);
      for (const analysis::RealismBand& band : bands) {
        INFO(band.rule << ": " << band.value << " in [" << band.low << ", " << band.high << "]");
        CHECK(band.holds);
      }
    }
  }
}
