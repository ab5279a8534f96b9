// Hummingbot's own unit tests of Avellaneda–Stoikov and of its indicators, ported with their
// numbers: test/hummingbot/strategy/avellaneda_market_making/test_avellaneda_market_making.py
// at tag v0.45.0 (hummingbot_version "2021") and at master (2bfaccc4, "current"), and
// test/hummingbot/strategy/utils/trailing_indicators/test_instant_volatility.py at master. The
// tests draw their inputs from NumPy's legacy generator seeded 3141592653, reproduced by
// support/numpy_random.hpp. Hummingbot asserts most of these to 1–4 decimal places (its tests
// re-evaluate the formulas); the values pinned here to 1e-9 are those its formulas give with
// its inputs, recomputed in exact decimal arithmetic.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/hummingbot_harness.hpp"
#include "sim/core/miners/avellaneda_stoikov.hpp"
#include "support/numpy_random.hpp"

using namespace lmsim;
using namespace lmsim::testing;

namespace {

constexpr std::uint32_t kSeed = 3141592653u;

Nanos at(int seconds) {
  return kT + seconds * kSecond;
}

/// quantize_order_amount with the 1e-15 quantum the AS tests end up with (their quantization
/// parameters name the wrong pair).
double quantize_fine(double amount) {
  return static_cast<double>(std::floor(static_cast<long double>(amount) * 1e15L) / 1e15L);
}

}  // namespace

TEST_CASE("NumpyLegacyRandom: NumPy's first draws for seed 3141592653", "[hummingbot][as]") {
  NumpyLegacyRandom uniforms(kSeed);
  CHECK(uniforms.uniform() == 0.6072196953709227);
  CHECK(uniforms.uniform() == 0.3295845413625329);
  NumpyLegacyRandom normals(kSeed);
  CHECK(normals.gauss() == Approx(-1.6145064716419266).epsilon(1e-15));
  CHECK(normals.gauss() == Approx(1.0157933643337433).epsilon(1e-15));
  CHECK(normals.gauss() == Approx(0.7327142915985985).epsilon(1e-15));
  const auto samples = NumpyLegacyRandom(kSeed).normal(100, 0.05, 400);
  CHECK(samples[0] == Approx(99.9192746764179).epsilon(1e-15));
  CHECK(samples[399] == Approx(100.01597157966833).epsilon(1e-15));
  CHECK(NumpyLegacyRandom(kSeed).normal(100, 0.05, 1000)[999] ==
        Approx(99.96336825750966).epsilon(1e-15));
}

TEST_CASE("Hummingbot AS 2021: test_volatility_calculation's expected_low_vol",
          "[hummingbot][as]") {
  // test_avellaneda_market_making.py @v0.45.0: 1000 samples of N(100, 0.05) through an
  // indicator of length 100; σ is the population standard deviation of the last 100, every
  // sample and the variance stored as floats (0.0501862199… without that rounding).
  PriceStdDevVolatility volatility(100);
  for (const double sample : NumpyLegacyRandom(kSeed).normal(100, 0.05, 1000)) {
    volatility.add(sample);
  }
  CHECK(volatility.ready());
  CHECK(volatility.value() == Approx(0.0501863845537047).epsilon(1e-12));
}

TEST_CASE("Hummingbot AS 2021: parameters, reservation price and optimal spread",
          "[hummingbot][as]") {
  // test_avellaneda_market_making.py @v0.45.0, setUp and the calculation tests:
  // min_spread 0.2, max_spread 0.5 (fractions: 20% and 50%), vol_to_spread_multiplier 1.3,
  // inventory_risk_aversion 0.8, target 50%; balances COINALPHA 1, HBOT 500; the mid at the last
  // sample; τ = 1.
  const double sigma = 0.0501863845537047;
  const double mid = 99.963368257509657;
  const double base = 1.0;
  const double quote = 500.0;
  const double in_base = quote / mid + base;
  CHECK(in_base == Approx(6.001832258312664).epsilon(1e-14));
  const double target = quantize_fine((base * mid + quote) * 0.5 / mid);
  CHECK(target == Approx(3.000916129156332).epsilon(1e-14));
  const double q_adjustment = 1e5 / in_base;
  CHECK(q_adjustment == Approx(16661.578614013728).epsilon(1e-12));
  const double q = (base - target) * q_adjustment;
  CHECK(q == Approx(-33338.421385986271).epsilon(1e-12));

  const auto parameters =
      as2021::parameters_from_spreads(mid, q, sigma, target, 0.2, 0.5, 1.3, 0.8);
  CHECK(parameters.gamma == Approx(0.14285823347257522).epsilon(1e-12));
  CHECK(parameters.kappa == Approx(0.00063107025633217550).epsilon(1e-9));
  CHECK(parameters.eta == Approx(0.61383524067802245).epsilon(1e-12));

  const auto quotes = as2021::optimal_quotes(mid, q, sigma, 1.0, parameters.gamma, parameters.kappa,
                                             true, 0.2, 0.5, 1.3);
  CHECK(quotes.reservation == Approx(111.95897244841081584).epsilon(1e-12));
  CHECK(quotes.spread == Approx(75.97215987570733932).epsilon(1e-12));
  // Inside the clamps bid [49.98168…, 79.97069…], ask [119.95604…, 149.94505…].
  CHECK(quotes.ask == Approx(149.94505238626448550).epsilon(1e-12));
  CHECK(quotes.bid == Approx(73.97289251055714618).epsilon(1e-12));
}

TEST_CASE("Hummingbot AS 2021: test_apply_order_amount_eta_transformation", "[hummingbot][as]") {
  // test_avellaneda_market_making.py @v0.45.0: order_amount 10; with 1 COINALPHA against a
  // target of 3.0009… the sell shrinks to 10·e^(η·q), with 100 the buy to 10·e^(−η·q).
  const double mid = 99.963368257509657;
  const double eta = 0.61383524067802245;
  const double low_target = quantize_fine((1.0 * mid + 500.0) * 0.5 / mid);
  CHECK(quantize_fine(10.0 * std::exp(eta * (1.0 - low_target))) ==
        Approx(2.928095639346434).epsilon(1e-12));
  const double high_target = quantize_fine((100.0 * mid + 500.0) * 0.5 / mid);
  CHECK(high_target == Approx(52.500916129156332).epsilon(1e-14));
  CHECK(quantize_fine(10.0 * std::exp(-eta * (100.0 - high_target))) ==
        Approx(2.174e-12).epsilon(1e-3));
}

TEST_CASE("Hummingbot AS current: test_calculate_volatility (instant volatility)",
          "[hummingbot][as]") {
  // test_instant_volatility.py @master: 10,000 samples of N(100, 10), buffer 10,000;
  // √(Σ(Δx)²/n) stored as a float: 14.068197250366211 (Hummingbot asserts 4 places).
  TickVolatility volatility(10'000);
  for (const double sample : NumpyLegacyRandom(kSeed).normal(100, 10, 10'000)) {
    volatility.add(sample);
  }
  CHECK(volatility.value() == 14.068197250366211);
}

TEST_CASE("Hummingbot AS current: reservation price and optimal spread, timeframe infinite",
          "[hummingbot][as]") {
  // test_avellaneda_market_making.py @master, ::test_calculate_reservation_price_and_optimal_
  // spread_timeframe_infinite: σ over the last 200 of 400 samples of N(100, 0.05) (stored as a
  // float; the values below use the unrounded σ, and σ's rounding moves them by < 1e-9), balances
  // 1 / 500 at the last sample's mid, target 50%, κ from its "high liquidity" fit
  // (3.3607256761562003, an input here: SciPy's fit is not reproduced), τ = 1.
  TickVolatility volatility(200);
  const auto samples = NumpyLegacyRandom(kSeed).normal(100, 0.05, 400);
  for (const double sample : samples) volatility.add(sample);
  const double sigma = volatility.value();
  // The processing buffer keeps the value as a float: 0.07328810375715729 before that rounding.
  CHECK(sigma == 0.07328810542821884);
  const double mid = samples.back();
  const double inventory = (1.0 * mid + 500.0) / mid;
  const double target = quantize_fine((1.0 * mid + 500.0) * 0.5 / mid);
  const double q = (1.0 - target) / inventory;
  CHECK(q == Approx(-0.3333111511742675).epsilon(1e-12));
  const double kappa = 3.3607256761562003;
  SECTION("risk_factor 1: Hummingbot asserts 100.040, 0.594, 100.337, 99.743 (2 places)") {
    const auto quotes = as_current::optimal_quotes(mid, q, sigma, 1.0, 1.0, kappa, 0.0);
    CHECK(quotes.reservation == Approx(100.040399322).epsilon(1e-10));
    CHECK(quotes.spread == Approx(0.594251218).epsilon(1e-8));
    CHECK(quotes.ask == Approx(100.337524931).epsilon(1e-10));
    CHECK(quotes.bid == Approx(99.743273713).epsilon(1e-10));
  }
  SECTION("risk_factor 0.8 (…_timeframe_constrained, whose τ stays 1): 100.035, 0.592") {
    const auto quotes = as_current::optimal_quotes(mid, q, sigma, 1.0, 0.8, kappa, 0.0);
    CHECK(quotes.reservation == Approx(100.035513773).epsilon(1e-10));
    CHECK(quotes.spread == Approx(0.592461920).epsilon(1e-8));
    CHECK(quotes.ask == Approx(100.331744733).epsilon(1e-10));
    CHECK(quotes.bid == Approx(99.739282814).epsilon(1e-10));
  }
  SECTION("a minimum spread clamps both sides: min_spread 1% gives 100.516 / 99.516") {
    const auto quotes = as_current::optimal_quotes(mid, q, sigma, 1.0, 1.0, kappa, 1.0);
    CHECK(quotes.ask == Approx(mid + mid / 100.0 / 2.0).epsilon(1e-14));
    CHECK(quotes.bid == Approx(mid - mid / 100.0 / 2.0).epsilon(1e-14));
  }
}

TEST_CASE("Hummingbot AS current: the worked example of the head formulas", "[hummingbot][as]") {
  // p = 100, b = 1, Q = 500, target 50% (q = −1/3), σ = 0.1, γ = 1, κ = 2, τ = 1.
  const auto quotes = as_current::optimal_quotes(100.0, -1.0 / 3.0, 0.1, 1.0, 1.0, 2.0, 0.0);
  CHECK(quotes.reservation == Approx(100.0333333333).epsilon(1e-12));
  CHECK(quotes.spread == Approx(0.910930216216).epsilon(1e-11));
  CHECK(quotes.ask == Approx(100.488798441441).epsilon(1e-12));
  CHECK(quotes.bid == Approx(99.577868225225).epsilon(1e-12));
}

TEST_CASE("TradingIntensity: trades are filed under the tick before them and fitted to α·e^(−κ·δ)",
          "[hummingbot][as]") {
  // trading_intensity.pyx @master: a trade is measured from the mid of the newest tick before
  // it; the indicator is ready once `length` ticks received trades.
  TradingIntensity intensity(3);
  const std::vector<TradeSample> early{{kT, 101.0, 1.0}};
  intensity.add_tick(kT, 100.0, early);  // no tick before: dropped
  CHECK_FALSE(intensity.ready());
  const double alpha = 118.5;
  const double kappa = 3.36;
  // Amounts that follow the curve exactly at three levels, over three ticks.
  for (int tick = 1; tick <= 3; ++tick) {
    const double level = 0.1 * tick;
    const std::vector<TradeSample> trades{
        {kT + tick * kSecond - 1, 100.0 + level, alpha * std::exp(-kappa * level)}};
    intensity.add_tick(kT + tick * kSecond, 100.0, trades);
  }
  CHECK(intensity.ready());
  const auto [fitted_alpha, fitted_kappa] = intensity.estimate();
  CHECK(fitted_alpha == Approx(alpha).epsilon(1e-6));
  CHECK(fitted_kappa == Approx(kappa).epsilon(1e-6));
  // A fourth tick with trades keeps the newest three.
  const std::vector<TradeSample> later{{kT + 4 * kSecond - 1, 100.2, 5.0}};
  intensity.add_tick(kT + 4 * kSecond, 100.0, later);
  CHECK(intensity.ready());
}

namespace {

/// The "2021" set-up of the v0.45 tests in lmsim's units: 20% / 50% would not quote near the
/// harness's book, so 1% / 2%.
AvellanedaStoikovParams as_2021() {
  AvellanedaStoikovParams params;
  params.order_amount = 1.0;
  params.min_spread = 1.0;
  params.max_spread = 2.0;
  params.vol_to_spread_multiplier = 1.3;
  params.inventory_risk_aversion = 0.8;
  params.volatility_buffer_size = 5;
  params.refresh.order_refresh_time = 5 * kSecond;
  return params;
}

HummingbotMarket market(const AvellanedaStoikovParams& params, double base = 1.0,
                        double quote = 500.0) {
  return HummingbotMarket(std::make_unique<AvellanedaStoikov>(params, StrategySetup{kT, kSecond}),
                          base, quote);
}

}  // namespace

TEST_CASE("AvellanedaStoikov 2021: quotes once the volatility buffer is full, inside the spreads",
          "[hummingbot][as]") {
  // c_tick @v0.45.0: nothing before the 5th sample (T+5), orders in that very tick.
  HummingbotMarket m = market(as_2021());
  m.run_until(at(4));
  CHECK(m.ids().empty());
  m.run_until(at(5));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  // A still book: σ = 0 falls back to half the spread (0.5); the quotes lie within the
  // clamps [p(1 − 2%·f), p(1 − 1%·f)] and [p(1 + 1%·f), p(1 + 2%·f)], f = 1 here.
  CHECK(m.buys()[0].price <= 99.0);
  CHECK(m.buys()[0].price >= 98.0);
  CHECK(m.sells()[0].price >= 101.0);
  CHECK(m.sells()[0].price <= 102.0);
  // Too little base against the 50% target: the ask shrinks by e^(η·q), the bid does not.
  CHECK(m.buys()[0].size == Approx(1.0));
  CHECK(m.sells()[0].size < 1.0);
}

TEST_CASE("AvellanedaStoikov: kept orders restart the refresh timer at every release",
          "[hummingbot][as]") {
  // c_cancel_active_orders calls c_set_timers when the orders are within tolerance (v0.38 to
  // master): a move of the mid after a kept refresh is seen a whole refresh later.
  AvellanedaStoikovParams params = as_2021();
  params.refresh.order_refresh_tolerance_pct = 10.0;
  HummingbotMarket m = market(params);
  m.run_until(at(10));  // placed at T+5, kept at T+10
  const auto first = m.ids();
  REQUIRE(first.size() == 2);
  m.set_balanced_order_book(80, 1, 200, 1, 10);  // 20% down: beyond the tolerance
  m.run_until(at(14));
  CHECK(m.ids() == first);
  m.run_until(at(15));
  CHECK(m.ids().empty());
}

TEST_CASE("AvellanedaStoikov current: waits for both buffers, then quotes around the mid",
          "[hummingbot][as]") {
  AvellanedaStoikovParams params;
  params.hummingbot_version = HummingbotVersion::kCurrent;
  params.order_amount = 1.0;
  params.volatility_buffer_size = 3;
  params.trading_intensity_buffer_size = 3;
  params.refresh.order_refresh_time = 5 * kSecond;
  HummingbotMarket m = market(params);
  // Trades at several distances from the mid, one tick each, none through the miner's orders;
  // the mid moves by a tenth every tick, so that σ is not 0.
  const std::vector<double> prices{100.6, 100.9, 99.2, 100.7, 99.4};
  for (int tick = 1; tick <= 5; ++tick) {
    m.set_balanced_order_book(100.0 + 0.1 * (tick % 2), 1, 200, 1, 10);
    m.run_until(at(tick));
    if (tick < 4) CHECK(m.ids().empty());
    m.trade(prices[static_cast<std::size_t>(tick - 1)] > 100.0, 10.0 / tick,
            prices[static_cast<std::size_t>(tick - 1)]);
  }
  // Ticks T+1 … T+3 saw trades after them at T+2 … T+4: ready at T+4.
  m.run_until(at(6));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price < 100.0);
  CHECK(m.sells()[0].price > 100.0);
}
