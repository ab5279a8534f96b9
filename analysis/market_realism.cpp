#include "analysis/market_realism.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <stdexcept>
#include <vector>

#include "analysis/annualisation.hpp"
#include "engine/not_a_number.hpp"
#include "engine/time_text.hpp"

namespace lmsim::analysis {

namespace {

/// The 1-min return facts, when measured.
const ReturnFacts* minute_returns(const MarketRealism& market) {
  for (const ReturnFacts& returns : market.facts.returns) {
    if (returns.horizon == engine::kNanosPerMinute) return &returns;
  }
  return nullptr;
}

VolatilityCheck volatility_check(const MarketSeries& series, const MarketFacts& facts,
                                 engine::Nanos warmup) {
  VolatilityCheck check{kNaN, kNaN, kNaN, 0};
  for (const ReturnFacts& returns : facts.returns) {
    if (returns.horizon != engine::kNanosPerMinute) continue;
    check.mid_return =
        returns.standard_deviation.value * std::sqrt(periods_per_year(engine::kNanosPerMinute));
  }
  if (series.time.empty() || series.realised_volatility.empty()) return check;
  const engine::Nanos from =
      series.time.front() + std::min(warmup, (series.time.back() - series.time.front()) / 4);
  long double sum = 0.0L;
  for (std::size_t i = 0; i < series.time.size(); ++i) {
    const double rv = series.realised_volatility[i];
    if (series.time[i] < from || std::isnan(series.mid[i]) || !std::isfinite(rv)) continue;
    sum += static_cast<long double>(rv) * rv;
    ++check.samples;
  }
  if (check.samples > 0) {
    check.published_rms =
        static_cast<double>(std::sqrt(sum / static_cast<long double>(check.samples)));
  }
  if (check.mid_return > 0.0) check.ratio = check.published_rms / check.mid_return;
  return check;
}

}  // namespace

MarketRealism market_realism(const MarketSeries& series, const RealismOptions& options) {
  const std::size_t n = series.time.size();
  for (const std::size_t size :
       {series.mid.size(), series.best_bid.size(), series.best_ask.size(),
        series.depth_bid[0].size(), series.depth_bid[1].size(), series.depth_bid[2].size(),
        series.depth_ask[0].size(), series.depth_ask[1].size(), series.depth_ask[2].size()}) {
    if (size != n) {
      throw std::invalid_argument("market_realism: the series' columns differ in length");
    }
  }
  if (!series.realised_volatility.empty() && series.realised_volatility.size() != n) {
    throw std::invalid_argument("market_realism: realised_volatility differs in length");
  }
  const TradeSeries& trades = series.trades;
  if (trades.amount.size() != trades.size() || trades.aggressor.size() != trades.size() ||
      (!trades.price.empty() && trades.price.size() != trades.size())) {
    throw std::invalid_argument("market_realism: the trade columns differ in length");
  }
  if (!(options.tick_size > 0.0) || options.volatility_warmup < 0) {
    throw std::invalid_argument("market_realism: tick_size must be > 0 and the warm-up >= 0");
  }
  MarketRealism realism;
  realism.samples = n;
  for (const double mid : series.mid) realism.defined_mids += std::isnan(mid) ? 0 : 1;
  if (n > 0) {
    realism.start = series.time.front();
    realism.end = series.time.back();
  }
  if (n > 1) realism.step = series.time[1] - series.time[0];

  std::vector<engine::Nanos> horizons;
  for (const engine::Nanos horizon : kFactHorizons) {
    if (realism.step == 0 || horizon % realism.step == 0) {
      horizons.push_back(horizon);
    } else {
      // A return over h needs the mid at multiples of h: a coarser or misaligned grid has none
      // there, and the nearest samples would measure another horizon under h's name.
      realism.horizons_not_computed.push_back(horizon);
    }
  }
  if (horizons.empty()) horizons.push_back(realism.step);

  // Depth is measured around the mid: where there is none it is undefined, whatever the column
  // holds there. Columns are copied and masked only when some mid is missing: a copy of every
  // band is, on fresh pages, a good part of the facts' serial start.
  const bool every_mid = realism.defined_mids == n;
  std::array<std::vector<double>, 6> masked;
  std::array<std::span<const double>, 6> depths;
  for (std::size_t band = 0; band < 3; ++band) {
    depths[band] = series.depth_bid[band];
    depths[3 + band] = series.depth_ask[band];
  }
  if (!every_mid) {
    for (std::size_t column = 0; column < depths.size(); ++column) {
      masked[column].assign(depths[column].begin(), depths[column].end());
      for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(series.mid[i])) masked[column][i] = kNaN;
      }
      depths[column] = masked[column];
    }
  }
  const BookDepth depth{{depths[0], depths[1], depths[2]}, {depths[3], depths[4], depths[5]}};
  SampledMarket market{series.time, series.mid,
                       BestQuotes{series.best_bid, series.best_ask, options.tick_size}, depth,
                       std::nullopt};
  // The trade tape of the window: a sample holds the trades since the sample before, so the
  // window opens one step before the first sample; earlier prints (a replay's warm-up) are left
  // out, and so are trades of no size. Usually every trade is kept, and the tape is then the
  // series' own columns.
  std::vector<engine::Nanos> kept_times;
  std::vector<double> kept_amounts;
  std::vector<engine::Side> aggressors;
  if (n > 1) {
    const engine::Nanos window_start = realism.start - realism.step;
    const engine::Nanos window_end = realism.end + 1;
    const auto kept = [&](std::size_t i) {
      return trades.time[i] >= window_start && trades.time[i] < window_end &&
             trades.amount[i] > 0.0;
    };
    std::size_t count = 0;
    for (std::size_t i = 0; i < trades.size(); ++i) count += kept(i) ? 1 : 0;
    std::span<const engine::Nanos> times = trades.time;
    std::span<const double> amounts = trades.amount;
    if (count < trades.size()) {
      kept_times.reserve(count);
      kept_amounts.reserve(count);
      for (std::size_t i = 0; i < trades.size(); ++i) {
        if (!kept(i)) continue;
        kept_times.push_back(trades.time[i]);
        kept_amounts.push_back(trades.amount[i]);
      }
      times = kept_times;
      amounts = kept_amounts;
    }
    aggressors.reserve(count);
    for (std::size_t i = 0; i < trades.size(); ++i) {
      if (kept(i)) {
        aggressors.push_back(trades.aggressor[i] == 0 ? engine::Side::kBid : engine::Side::kAsk);
      }
    }
    market.trades = TradeTape{times, amounts, aggressors, window_start, window_end};
  }
  realism.facts = market_facts(market, horizons, options.bootstrap);
  realism.volatility = volatility_check(series, realism.facts, options.volatility_warmup);
  return realism;
}

}  // namespace lmsim::analysis

namespace lmsim::analysis {

std::vector<RealismBand> realism_bands(const MarketRealism& market,
                                       const MarketRealism* reference) {
  std::vector<RealismBand> bands;
  const auto band = [&](std::string name, std::string rule, double value, double low, double high) {
    bands.push_back(
        {std::move(name), std::move(rule), value, low, high, value >= low && value <= high});
  };
  const ReturnFacts* minute = minute_returns(market);
  const double acf1 = minute ? minute->return_acf[0].value : kNaN;
  band("returns.1m.acf.1", "|lag-1 autocorrelation of 1-min returns| <= 0.1", acf1, -0.1, 0.1);
  band("returns.1m.excess_kurtosis", "excess kurtosis of 1-min returns in [2, 50]",
       minute ? minute->excess_kurtosis.value : kNaN, 2.0, 50.0);
  const double abs1 = minute ? minute->absolute_return_acf[0].value : kNaN;
  band("returns.1m.abs_acf.1", "lag-1 autocorrelation of 1-min |returns| >= 0.05", abs1, 0.05, 1.0);
  double early = kNaN;
  if (minute != nullptr) {
    long double sum = 0.0L;
    for (std::size_t lag = 1; lag <= 10; ++lag) sum += minute->absolute_return_acf[lag - 1].value;
    early = static_cast<double>(sum / 10.0L);
  }
  band("returns.1m.abs_acf.1-10",
       "|return| autocorrelation decays slowly: its mean over lags 1-10 (1 min) >= 0.02", early,
       0.02, 1.0);
  band("volatility.ratio",
       "published realised volatility (RMS) within 25% of the mid's 1-min return volatility",
       market.volatility.ratio, 0.75, 1.25);
  if (reference != nullptr) {
    const auto share = [](const MarketRealism& m, bool half) {
      if (!m.facts.depth) return kNaN;
      return half ? m.facts.depth->both.share_half_percent.value
                  : m.facts.depth->both.share_one_percent.value;
    };
    for (const bool half : {true, false}) {
      const double target = share(*reference, half);
      band(half ? "depth.both.share_half_pct" : "depth.both.share_one_pct",
           std::string("share of the +-2% depth within +-") + (half ? "0.5%" : "1%") +
               " within 0.15 of the reference market's",
           share(market, half), target - 0.15, target + 0.15);
    }
  }
  return bands;
}

std::vector<NamedFact> realism_facts(const MarketRealism& market) {
  std::vector<NamedFact> facts = flatten_facts(market.facts);
  const auto plain = [](double value) { return Estimate{value, kNaN, kNaN, kNaN}; };
  facts.push_back({"volatility.published_rms", plain(market.volatility.published_rms)});
  facts.push_back({"volatility.mid_return", plain(market.volatility.mid_return)});
  facts.push_back({"volatility.ratio", plain(market.volatility.ratio)});
  return facts;
}

}  // namespace lmsim::analysis
