#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "analysis/report_format.hpp"
#include "sim/app/calibrate.hpp"
#include "sim/cli/allocation_policy.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kCalibrateHelp =
    R"(usage: lmsim calibrate SCENARIO.toml --to TARGET --params KEY[=LO:HI],... --out CALIBRATED.toml
                       [--moments NAME,...] [--replicates R] [--jobs N] [--algorithm A]
                       [--max-evaluations N] [--max-time SECONDS] [--set KEY.PATH=VALUE]... [--force]

Fits the synthetic population of SCENARIO to a recorded market by the simulated
method of moments: the stylised facts of TARGET (a market file written by 'lmsim
convert', or a replay scenario) are the moments; each candidate value of the
parameters runs the scenario without its miners R times on the same seeds as every
other candidate (common random numbers), and the fit is the mean squared difference
between the replicates' mean moments and the target's, each divided by the target's
bootstrap standard error. A derivative-free optimiser from NLopt searches the box of
the parameters' bounds. Writes CALIBRATED.toml: SCENARIO with the calibrated values
(comments and layout kept) headed by this command, the fit and a table of target vs
calibrated moments with their 95% intervals. Method and defaults: docs/calibration.md.

--params names scenario keys whose values are numbers or durations (searched in
seconds), each written in SCENARIO with its starting value. Default bounds: [v/4, 4v]
around the starting value v (shares capped at 1, counts at least 1); KEY=LO:HI sets
them. Positive bounds are searched in the logarithm. Example:

  lmsim calibrate scenarios/equity_day.toml --to build/amzn_5_day.h5 \
      --params market.fundamental.volatility,background.value.mean_interval \
      --out amzn.toml

Progress (candidates evaluated, the best fit so far) goes to stderr.

Options)";

/// A one-line progress bar on stderr when it is a terminal, a line per ten candidates otherwise.
void show_progress(const sim::app::CalibrationProgress& progress) {
  const bool terminal = ::isatty(2) == 1;
  if (!terminal && progress.evaluated % 10 != 0) return;
  constexpr int kWidth = 30;
  const double fraction = progress.budget == 0
                              ? 0.0
                              : std::min(1.0, static_cast<double>(progress.evaluated) /
                                                  static_cast<double>(progress.budget));
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "%scalibrate [%s%s] %zu/%zu candidates, best fit %s, %.0f s%s",
               terminal ? "\r" : "", std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(),
               progress.evaluated, progress.budget,
               analysis::format_significant(progress.best_fit, 4).c_str(), progress.elapsed,
               terminal ? "" : "\n");
  std::fflush(stderr);
}

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> result;
  for (const std::string& item : items) {
    std::size_t begin = 0;
    while (begin <= item.size()) {
      const std::size_t comma = item.find(',', begin);
      const std::string part =
          item.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
      if (!part.empty()) result.push_back(part);
      if (comma == std::string::npos) break;
      begin = comma + 1;
    }
  }
  return result;
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args) {
  po::options_description options(kCalibrateHelp);
  std::string target, out, algorithm = "neldermead";
  std::vector<std::string> params, moments, overrides;
  int replicates = 2;
  int jobs = 0;
  int max_evaluations = 200;
  double max_time = 0.0;
  options.add_options()("help,h", "show this help")(
      "to", po::value(&target)->value_name("TARGET"),
      "the recorded market: a market file or a replay scenario (required)")(
      "params", po::value(&params)->value_name("KEY[=LO:HI],...")->composing(),
      "the scenario keys to calibrate (required; repeatable or comma-separated)")(
      "out", po::value(&out)->value_name("CALIBRATED.toml"), "the scenario to write (required)")(
      "moments", po::value(&moments)->value_name("NAME,...")->composing(),
      "the facts to match (default: docs/calibration.md)")(
      "replicates", po::value(&replicates)->value_name("R"), "runs per candidate (2)")(
      "jobs,j", po::value(&jobs)->value_name("N"), "threads (default: the machine's cores)")(
      "algorithm", po::value(&algorithm)->value_name("A"),
      "neldermead (default), sbplx, bobyqa or crs (global)")(
      "max-evaluations", po::value(&max_evaluations)->value_name("N"), "candidate budget (200)")(
      "max-time", po::value(&max_time)->value_name("SECONDS"),
      "stop the search after this long (default: no limit)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override a scenario key for every run (repeatable)")("force",
                                                            "replace CALIBRATED.toml if it exists");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a scenario file is required");
  for (const char* required : {"to", "params", "out"}) {
    if (!values.count(required))
      throw po::error(std::string("the option '--") + required + "' is required");
  }
  const auto bad = [](const std::string& option, const std::string& problem) {
    throw sim::io::InputError({option, 0, 0, ""}, problem);
  };
  if (jobs == 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (jobs < 1 || jobs > 1024)
    bad("--jobs", "must be in [1, 1024] (got " + std::to_string(jobs) + ")");
  expect_many_runs();
  if (max_evaluations < 1 || max_evaluations > 1'000'000) {
    bad("--max-evaluations",
        "must be in [1, 1000000] (got " + std::to_string(max_evaluations) + ")");
  }
  if (!(max_time >= 0.0) || !std::isfinite(max_time)) bad("--max-time", "must be >= 0");

  sim::app::CalibrationRequest request;
  request.scenario_path = positionals[0];
  request.overrides = overrides;
  request.target = target;
  for (const std::string& item : split_list(params)) {
    request.params.push_back(sim::app::parse_calibration_param(item));
  }
  request.moments = split_list(moments);
  request.replicates = replicates;
  request.jobs = jobs;
  request.algorithm = algorithm;
  request.max_evaluations = max_evaluations;
  request.max_seconds = max_time;
  request.out = out;
  request.overwrite = values.count("force") > 0;
  std::string command = "lmsim calibrate";
  for (const std::string& arg : args) {
    const bool plain = arg.find_first_of(" \t\"'$\\") == std::string::npos && !arg.empty();
    command += " " + (plain ? arg : "'" + arg + "'");
  }
  request.command_line = command;
  request.progress = show_progress;
  const sim::app::CalibrationOutcome outcome = sim::app::calibrate(request);
  if (::isatty(2) == 1) std::fprintf(stderr, "\n");

  std::cout << "calibrated " << outcome.keys.size() << " parameters over "
            << outcome.evaluated.size() << " candidates (" << outcome.stop_reason << "): fit "
            << analysis::format_significant(outcome.start_fit, 4) << " -> "
            << analysis::format_significant(outcome.best_fit, 4) << "\n";
  for (std::size_t i = 0; i < outcome.keys.size(); ++i) {
    std::cout << "  " << outcome.keys[i] << ": "
              << analysis::format_significant(outcome.start[i], 6) << " -> "
              << analysis::format_significant(outcome.best[i], 6) << "\n";
  }
  std::cout << "wrote " << out << "\n";
  return kExitOk;
}

}  // namespace lmsim::cli
