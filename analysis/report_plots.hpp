#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "analysis/gnuplot_script.hpp"
#include "analysis/report_run.hpp"

namespace lmsim::analysis {

// The plots of a report (docs/report.md), as gnuplot scripts with their data inline. With one
// run each plot shows it; with several, each plot overlays them (one colour per run, in run
// order). Time runs along x as minutes, hours or days since each run's campaign start, so that
// runs of different dates line up. Long series are thinned with reduce_series to a few hundred
// points per line, so a week sampled every second still gives a small, readable SVG.

/// The plot ids, in the order report_plots returns them.
inline constexpr std::string_view kRewardsByEntityPlot = "rewards-by-entity";
inline constexpr std::string_view kCumulativeRewardsPlot = "cumulative-rewards";
inline constexpr std::string_view kLorenzPlot = "lorenz";
inline constexpr std::string_view kRewardVsContributionPlot = "reward-vs-contribution";
/// Only when a run was scored by several rules and has adversaries (rule_comparison.hpp).
inline constexpr std::string_view kGamingPremiumPlot = "gaming-premium";
inline constexpr std::string_view kQuoteBandPlot = "quote-band";
inline constexpr std::string_view kEligibleDepthPlot = "eligible-depth";
inline constexpr std::string_view kDepthWithWithoutPlot = "depth-with-without";
inline constexpr std::string_view kSpreadWithWithoutPlot = "spread-with-without";

/// Every plot of the report of `runs` (at least one), in the order of the ids above; the plots
/// of rewards and quotes only when some run had miners.
std::vector<PlotScript> report_plots(std::span<const ReportRun> runs);

}  // namespace lmsim::analysis
