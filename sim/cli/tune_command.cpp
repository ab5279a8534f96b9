#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>
#include <thread>

#include "sim/app/tune.hpp"
#include "sim/cli/allocation_policy.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kTuneHelp =
    R"(usage: lmsim tune SCENARIO.toml --param KEY --range LO:HI --target "METRIC >= X"
                  [--confidence 0.95] [--replicates R] [--max-replicates M]
                  [--maximise METRIC | --minimise METRIC] --out DIR [--jobs N] [--force]

Finds the smallest value of a scenario key whose target holds with the stated
confidence, e.g. the smallest budget that adds 30 ETH of depth within 1%:

  lmsim tune scenarios/budget_tuning.toml --param 'campaign.markets[0].budget' \
      --range log:20:2000 --target 'added_depth_1pct >= 30' --out out/tune

Every value runs the same replicate seeds (common random numbers); a value whose
verdict the replicates cannot decide gets more (doubling up to --max-replicates).
The search bisects, assuming the target holds from some value on, and says so when
the evaluated values contradict that. With --maximise/--minimise METRIC it scans the
range (then more finely around the best) for the best value of that metric among the
values whose target holds. Metrics: those of sweep.csv (docs/sweeps.md).
Writes DIR/tune.json (the answer with its confidence interval, every evaluated
value) and DIR/sweep.h5 and DIR/sweep.csv (the evaluated values as a sweep).

Options)";

}  // namespace

int tune_command(const std::vector<std::string>& args) {
  po::options_description options(kTuneHelp);
  std::string key, range, target, out_dir, maximise, minimise;
  std::vector<std::string> overrides;
  double confidence = 0.95;
  double tolerance = 0.0;
  int replicates = 5;
  int max_replicates = 40;
  int steps = 9;
  int jobs = 0;
  options.add_options()("help,h", "show this help")("param", po::value(&key)->value_name("KEY"),
                                                    "the scenario key to tune (required)")(
      "range", po::value(&range)->value_name("LO:HI"),
      "its range, or log:LO:HI to search in its logarithm (required)")(
      "target", po::value(&target)->value_name("\"METRIC >= X\""),
      "what must hold with the stated confidence (METRIC >= X or METRIC <= X)")(
      "confidence", po::value(&confidence)->value_name("C"), "in (0.5, 1) (default 0.95)")(
      "replicates", po::value(&replicates)->value_name("R"), "runs per value to start with (5)")(
      "max-replicates", po::value(&max_replicates)->value_name("M"),
      "most runs per value while a verdict is undecided (40)")(
      "tolerance", po::value(&tolerance)->value_name("T"),
      "stop bisecting when the bracket is this narrow (default: 1/64 of the range)")(
      "maximise", po::value(&maximise)->value_name("METRIC"), "find the value that maximises it")(
      "minimise", po::value(&minimise)->value_name("METRIC"), "find the value that minimises it")(
      "steps", po::value(&steps)->value_name("S"), "values per scan when optimising (9)")(
      "jobs,j", po::value(&jobs)->value_name("N"), "threads (default: the machine's cores)")(
      "out", po::value(&out_dir)->value_name("DIR"), "directory for the results (required)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override a scenario key for every run (repeatable)")("force",
                                                            "replace results already in DIR");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a scenario file is required");
  for (const char* required : {"param", "range", "out"}) {
    if (!values.count(required))
      throw po::error(std::string("the option '--") + required + "' is required");
  }
  const auto bad = [](const std::string& option, const std::string& problem) {
    throw sim::io::InputError({option, 0, 0, ""}, problem);
  };
  if (!(confidence > 0.5 && confidence < 1.0)) {
    bad("--confidence", "must be in (0.5, 1) (got " + sim::io::format_number(confidence) + ")");
  }
  if (replicates < 2 || replicates > 10'000) {
    bad("--replicates", "must be in [2, 10000] (a confidence interval needs two runs) (got " +
                            std::to_string(replicates) + ")");
  }
  if (max_replicates < replicates || max_replicates > 10'000) {
    bad("--max-replicates",
        "must be in [--replicates, 10000] (got " + std::to_string(max_replicates) + ")");
  }
  if (steps < 3 || steps > 1'000)
    bad("--steps", "must be in [3, 1000] (got " + std::to_string(steps) + ")");
  if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) bad("--tolerance", "must be >= 0");
  if (!maximise.empty() && !minimise.empty())
    bad("--maximise", "give --maximise or --minimise, not both");
  if (jobs == 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (jobs < 1 || jobs > 1024)
    bad("--jobs", "must be in [1, 1024] (got " + std::to_string(jobs) + ")");
  expect_many_runs();

  sim::app::TuneRequest request;
  request.scenario_path = positionals[0];
  request.overrides = overrides;
  request.key = key;
  request.range = sim::app::parse_tune_range(range);
  if (!target.empty()) request.target = sim::app::parse_target(target);
  if (!maximise.empty()) request.optimise_metric = maximise;
  if (!minimise.empty()) {
    request.optimise_metric = minimise;
    request.maximise = false;
  }
  request.confidence = confidence;
  request.replicates = replicates;
  request.max_replicates = max_replicates;
  request.tolerance = tolerance;
  request.steps = steps;
  request.jobs = jobs;
  request.out_dir = out_dir;
  request.overwrite = values.count("force") > 0;
  request.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  const sim::app::TuneOutcome outcome = sim::app::tune(request);

  if (outcome.found) {
    const sim::app::TuneEvaluation& answer = outcome.answer;
    std::cout << key << " = " << answer.text;
    const auto& summary = request.optimise_metric ? answer.optimise_summary : answer.target_summary;
    const std::string metric =
        request.optimise_metric ? *request.optimise_metric : request.target->metric;
    std::cout << ": " << metric << " " << sim::io::format_number(summary.mean) << ", "
              << static_cast<int>(std::lround(confidence * 100)) << "% CI ["
              << sim::io::format_number(summary.ci_low) << ", "
              << sim::io::format_number(summary.ci_high) << "] over " << answer.runs.size()
              << " runs\n";
  } else {
    std::cout << key << ": no value in the range\n";
  }
  for (const std::string& note : outcome.notes) std::cout << "note: " << note << "\n";
  std::cout << "evaluated " << outcome.evaluated.size() << " values; wrote " << out_dir
            << "/tune.json " << out_dir << "/sweep.h5 " << out_dir << "/sweep.csv\n";
  return kExitOk;
}

}  // namespace lmsim::cli
