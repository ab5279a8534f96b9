#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "analysis/market_realism.hpp"
#include "engine/time.hpp"
#include "support/split_mix.hpp"

namespace {

using namespace lmsim::analysis;
using lmsim::engine::kNanosPerSecond;
using lmsim::engine::Nanos;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr Nanos kStart = 1'700'000'000 * kNanosPerSecond;

/// Two hours of a market on a one-second grid: a random-walk mid two ticks inside its quotes,
/// random depth in the three bands, and a trade every few seconds.
MarketSeries two_hours(std::uint64_t seed) {
  lmsim::test::SplitMix random(seed);
  MarketSeries series;
  double mid = 100.0;
  for (std::size_t i = 0; i < 7'200; ++i) {
    const Nanos time = kStart + static_cast<Nanos>(i) * kNanosPerSecond;
    mid *= std::exp(0.0005 * lmsim::test::standard_normal(random));
    series.time.push_back(time);
    series.mid.push_back(mid);
    series.best_bid.push_back(mid - 0.02);
    series.best_ask.push_back(mid + 0.02);
    double bid = 0.0;
    double ask = 0.0;
    for (std::size_t band = 0; band < 3; ++band) {
      bid += static_cast<double>(random.below(50));
      ask += static_cast<double>(random.below(50));
      series.depth_bid[band].push_back(bid);
      series.depth_ask[band].push_back(ask);
    }
    series.realised_volatility.push_back(0.5);
    if (random.below(4) == 0) {
      series.trades.time.push_back(time - kNanosPerSecond / 2);
      series.trades.price.push_back(mid);
      series.trades.amount.push_back(0.01 * static_cast<double>(1 + random.below(300)));
      series.trades.aggressor.push_back(static_cast<std::uint8_t>(random.below(2)));
    }
  }
  return series;
}

RealismOptions options_with(std::uint64_t seed) {
  RealismOptions options;
  options.bootstrap.seed = seed;
  options.bootstrap.resamples = 40;
  return options;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// Every fact of `a` and `b` has the same name and the same bits.
bool same_facts(const MarketRealism& a, const MarketRealism& b) {
  const std::vector<NamedFact> left = realism_facts(a);
  const std::vector<NamedFact> right = realism_facts(b);
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    const Estimate& x = left[i].estimate;
    const Estimate& y = right[i].estimate;
    if (left[i].name != right[i].name || !same_bits(x.value, y.value) ||
        !same_bits(x.standard_error, y.standard_error) || !same_bits(x.ci_low, y.ci_low) ||
        !same_bits(x.ci_high, y.ci_high)) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("market_realism: depth where the mid is missing counts as undefined, whatever it holds",
          "[market_realism]") {
  // The columns hold depth where a side was empty; the facts must be those of the same market
  // with NaN depth there.
  MarketSeries recorded = two_hours(3);
  for (std::size_t i = 40; i < recorded.mid.size(); i += 173) {
    recorded.mid[i] = kNaN;
    recorded.best_ask[i] = kNaN;
  }
  MarketSeries undefined = recorded;
  for (std::size_t i = 0; i < undefined.mid.size(); ++i) {
    if (!std::isnan(undefined.mid[i])) continue;
    for (std::size_t band = 0; band < 3; ++band) {
      undefined.depth_bid[band][i] = kNaN;
      undefined.depth_ask[band][i] = kNaN;
    }
  }
  const MarketRealism measured = market_realism(recorded, options_with(8));
  CHECK(measured.defined_mids == recorded.mid.size() - 42);
  CHECK(same_facts(measured, market_realism(undefined, options_with(8))));
  // The series itself is left as it was.
  CHECK_FALSE(std::isnan(recorded.depth_bid[0][40]));
  // Depth at a missing mid does change the facts when it is not ignored: the check can fail.
  MarketSeries every_mid = recorded;
  for (std::size_t i = 40; i < every_mid.mid.size(); i += 173) {
    every_mid.mid[i] = every_mid.mid[i - 1];
    every_mid.best_ask[i] = every_mid.best_ask[i - 1];
  }
  CHECK_FALSE(same_facts(market_realism(every_mid, options_with(8)), measured));
}

TEST_CASE("market_realism: the trade tape is the window's prints of some size, nothing else",
          "[market_realism]") {
  // Prints before the window (a replay's warm-up), at or after its end, and of no size are left
  // out: the facts are those of the series without them.
  const MarketSeries kept = two_hours(5);
  MarketSeries recorded = kept;
  TradeSeries& trades = recorded.trades;
  const auto insert = [&](std::size_t at, Nanos time, double amount) {
    trades.time.insert(trades.time.begin() + static_cast<std::ptrdiff_t>(at), time);
    trades.price.insert(trades.price.begin() + static_cast<std::ptrdiff_t>(at), 100.0);
    trades.amount.insert(trades.amount.begin() + static_cast<std::ptrdiff_t>(at), amount);
    trades.aggressor.insert(trades.aggressor.begin() + static_cast<std::ptrdiff_t>(at), 1);
  };
  insert(0, kStart - 5 * kNanosPerSecond, 1.0);  // before the window opens at start − step
  insert(1, kStart - 2 * kNanosPerSecond, 2.0);
  insert(trades.size() / 2, trades.time[trades.size() / 2], 0.0);  // no size
  insert(trades.size(), kStart + 7'200 * kNanosPerSecond, 3.0);    // past the last sample
  const MarketRealism measured = market_realism(recorded, options_with(13));
  REQUIRE(measured.facts.trades);
  CHECK(measured.facts.trades->count == kept.trades.size());
  CHECK(same_facts(measured, market_realism(kept, options_with(13))));
  // A print one step before the first sample is the window's first.
  insert(2, kStart - kNanosPerSecond, 4.0);
  CHECK(market_realism(recorded, options_with(13)).facts.trades->count == kept.trades.size() + 1);
}
