#include "sim/cli/cli.hpp"

#include <boost/program_options/errors.hpp>
#include <iostream>

#include "engine/version.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::cli {

namespace {

constexpr const char* kUsage =
    R"(lmsim - deterministic backtesting of order-book liquidity-mining campaigns

usage: lmsim <command> [options]

commands:
  run       run a scenario: a synthetic or replayed market, miners quoting into
            it and a campaign scoring them; writes results.h5 and summary.json
  validate  check a scenario file without running it
  score     score recorded snapshots and orders against a campaign and report
            who earned what
  convert   convert recorded market data (LOBSTER, tardis.dev CSV) into a fast
            columnar HDF5 market file
  sweep     run a scenario over a grid of key values with replicates; the
            mean and confidence interval of each metric per point
  tune      the smallest (or best) value of a key whose target holds with a
            stated confidence, e.g. the smallest budget that buys a depth
  report    write an HTML report of one run or a comparison of several
  keys      list every strategy, rule and model with the keys it reads
  import-hummingbot
            turn a Hummingbot strategy config (YAML) into a [[miners]] table

Run 'lmsim <command> --help' for a command's options.

options:
  -h, --help   show this help
  --version    print the lmsim version

Exit status: 0 on success, 2 for bad options, configuration or data (the message
names the file, line and key), 1 for an internal error.
Documentation: docs/ in the source tree (scenario.md, miners.md, replay.md, campaign.md,
scoring.md, results.md, metrics.md, report.md, score-inputs.md, market-data.md).
)";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {{"run", run_command},
                                 {"validate", validate_command},
                                 {"score", score_command},
                                 {"convert", convert_command},
                                 {"report", report_command},
                                 {"sweep", sweep_command},
                                 {"tune", tune_command},
                                 {"keys", keys_command},
                                 {"import-hummingbot", import_hummingbot_command}};

}  // namespace

int run(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? kExitInputError : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "lmsim " << engine::kVersion << "\n";
    return kExitOk;
  }
  for (const Command& command : kCommands) {
    if (args[0] != command.name) continue;
    try {
      return command.run({args.begin() + 1, args.end()});
    } catch (const sim::io::InputError& error) {
      std::cerr << "lmsim: error: " << error.what() << "\n";
      return kExitInputError;
    } catch (const sim::io::Hdf5Error& error) {
      std::cerr << "lmsim: error: " << error.what() << "\n";
      return kExitInputError;
    } catch (const boost::program_options::error& error) {
      std::cerr << "lmsim: error: " << error.what() << " (see 'lmsim " << command.name
                << " --help')\n";
      return kExitInputError;
    } catch (const std::exception& error) {
      std::cerr << "lmsim: internal error: " << error.what() << "\n";
      return kExitInternalError;
    }
  }
  std::cerr << "lmsim: error: unknown command '" << args[0] << "' (see 'lmsim --help')\n";
  return kExitInputError;
}

}  // namespace lmsim::cli
