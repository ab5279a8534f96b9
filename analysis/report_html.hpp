#pragma once

#include <span>
#include <string>
#include <string_view>

#include "analysis/gnuplot_script.hpp"
#include "analysis/report_run.hpp"

namespace lmsim::analysis {

/// The version of lmsim writing the report, shown in its footer (the runs' own versions are in
/// their provenance).
struct ReportContext {
  std::string_view lmsim_version;
};

/// The report of `runs` (one, or several for a comparison) as one self-contained HTML page
/// (docs/report.md): inline CSS, the plots inline as SVG, no script, no external resource of any
/// kind, so it opens offline and can be mailed as one file. `plots` are report_plots(runs) and
/// `svgs[i]` the SVG gnuplot drew for plots[i] (cleaned here with embed_svg). Sections, in order:
/// scenario differences (comparisons only), provenance, headline, rewards, fairness, quotes,
/// liquidity bought, sponsor economics, miner returns and risk, definitions. The page depends on
/// nothing but its arguments: no date, host or path other than the run directories as given.
/// Throws std::invalid_argument when `runs` is empty or the plot and SVG counts differ.
std::string render_report_html(std::span<const ReportRun> runs, std::span<const PlotScript> plots,
                               std::span<const std::string> svgs, const ReportContext& context);

}  // namespace lmsim::analysis
