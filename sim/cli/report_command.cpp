#include <boost/program_options.hpp>
#include <iostream>

#include "sim/app/report_builder.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kReportHelp =
    R"(usage: lmsim report RUN_DIR... [-o FILE] [--force]

Writes a research report of one run, or a side-by-side comparison of several, as
one self-contained HTML file: it opens offline in any browser and can be shared
as is (inline CSS and SVG plots; no script, font or image is fetched).

A RUN_DIR is a directory written by 'lmsim run SCENARIO --out RUN_DIR' (it holds
results.h5). A directory written by 'lmsim sweep' or 'lmsim tune' (it holds sweep.h5)
gives a sweep report instead: every point's metrics with their 95% intervals, each
metric against each swept key, paired differences between neighbouring points, and
the cost curve when a budget is swept. A run report shows, in order:
  provenance   scenario text, seed, lmsim version, scenario file, data files
               and checksums, results.h5 SHA-256
  headline     budget, who was paid most, concentration, liquidity bought, cost
  rewards      per entity and per account: reward, share, uptime, eligible
               depth, best spread, contribution, reward / contribution
  fairness     Gini, Lorenz curve, Herfindahl, top shares, Jain's index,
               Spearman rank correlation of reward and contribution
  quotes       mid price with the miners' quote band at the snapshots,
               eligible depth over time
  liquidity    spread, depth within 0.5/1/2% and reference slippage with vs
               without the campaign (the run's baseline)
  economics    budget spent, cost per unit of added depth per day, cost per
               basis point of spread or slippage reduction
  returns      trading and net PnL, inventory risk, fill mark-outs, reward
               yield on committed capital
With several RUN_DIRs the scenario differences (key by key) come first, then
the same tables with a column per run and the plots overlaid. Formulas:
docs/metrics.md sections 8-10; the report: docs/report.md.

The plots are drawn by gnuplot (Debian package gnuplot-nox). The same run
directories always give a byte-identical file. The report is written atomically
and an existing file is kept unless --force.

Options)";

}  // namespace

int report_command(const std::vector<std::string>& args) {
  po::options_description options(kReportHelp);
  std::vector<std::string> run_directories;
  std::string output;
  options.add_options()("help,h", "show this help")(
      "output,o", po::value(&output)->value_name("FILE"),
      "the HTML file to write (default: RUN_DIR/report.html for one run, ./report.html for "
      "several)")("force", "replace the file if it exists");
  const auto parsed = parse_command_line(args, options, run_directories, -1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (run_directories.empty()) throw po::error("at least one run directory is required");

  const auto written = sim::app::write_report({run_directories, output, values.count("force") > 0});
  std::cout << "wrote " << written.string() << " (";
  if (run_directories.size() == 1 && sim::app::is_sweep_directory(run_directories.front())) {
    std::cout << "a sweep";
  } else {
    std::cout << run_directories.size() << (run_directories.size() == 1 ? " run" : " runs");
  }
  std::cout << ")\n";
  return kExitOk;
}

}  // namespace lmsim::cli
