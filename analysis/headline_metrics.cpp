#include "analysis/headline_metrics.hpp"

#include <cmath>

#include "analysis/report_format.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

constexpr const char* kBands[] = {"0.5pct", "1pct", "2pct"};

/// "1", "10", "0.5": a reference size in a metric name.
std::string size_name(double size) {
  return format_compact(size);
}

}  // namespace

std::vector<HeadlineMetric> headline_metrics(const RunMetrics& metrics) {
  const LiquidityMetrics& liquidity = metrics.liquidity;
  const SponsorEconomics& sponsor = metrics.sponsor;
  std::vector<HeadlineMetric> out;
  for (std::size_t band = 0; band < 3; ++band) {
    out.push_back({std::string("depth_") + kBands[band], "base", liquidity.with.depth[band].mean});
  }
  for (std::size_t band = 0; band < 3; ++band) {
    out.push_back({std::string("added_depth_") + kBands[band], "base", sponsor.added_depth[band]});
  }
  out.push_back({"spread_bps", "bp", liquidity.with.spread_bps.mean});
  out.push_back({"spread_reduction_bps", "bp", sponsor.spread_reduction_bps});
  for (std::size_t i = 0; i < liquidity.reference_sizes.size(); ++i) {
    const std::string size = size_name(liquidity.reference_sizes[i]);
    const double buy =
        i < liquidity.with.slippage_buy_bps.size() ? liquidity.with.slippage_buy_bps[i].mean : kNaN;
    const double sell = i < liquidity.with.slippage_sell_bps.size()
                            ? liquidity.with.slippage_sell_bps[i].mean
                            : kNaN;
    out.push_back({"slippage_buy_bps_" + size, "bp", buy});
    out.push_back({"slippage_sell_bps_" + size, "bp", sell});
  }
  for (std::size_t band = 0; band < 3; ++band) {
    out.push_back({std::string("cost_per_added_depth_") + kBands[band], "token/day/base",
                   sponsor.cost_per_added_depth[band]});
  }
  out.push_back({"cost_per_spread_bp", "token/day/bp", sponsor.cost_per_spread_bp});
  out.push_back({"reward_gini", "1", metrics.entity_fairness.gini});
  std::size_t active = 0;
  double yield_sum = 0.0;
  std::size_t yields = 0;
  for (const ParticipantMetrics& miner : metrics.miners) {
    if (!(miner.uptime_bid > 0.0 || miner.uptime_ask > 0.0)) continue;
    ++active;
    if (std::isfinite(miner.reward_yield)) {
      yield_sum += miner.reward_yield;
      ++yields;
    }
  }
  out.push_back({"active_miners", "1", static_cast<double>(active)});
  out.push_back(
      {"mean_miner_yield", "1/year", yields > 0 ? yield_sum / static_cast<double>(yields) : kNaN});
  out.push_back({"spent", "token", sponsor.spent});
  return out;
}

std::vector<std::string> headline_metric_names(const std::vector<double>& reference_sizes) {
  RunMetrics empty;
  empty.liquidity.reference_sizes = reference_sizes;
  std::vector<std::string> names;
  for (const HeadlineMetric& metric : headline_metrics(empty)) names.push_back(metric.name);
  return names;
}

}  // namespace lmsim::analysis
