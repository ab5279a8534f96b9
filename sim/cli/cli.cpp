#include "sim/cli/cli.hpp"

#include <signal.h>

#include <boost/program_options/errors.hpp>
#include <iostream>

#include "engine/version.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/temporaries.hpp"

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
  facts     the stylised facts of a market (a run, a market file or a
            scenario) with bootstrap intervals, and its realism bands
  calibrate fit a synthetic population's parameters to a recorded market's
            facts (simulated method of moments, NLopt)
  report    write an HTML report of one run or a comparison of several
  keys      list every strategy, rule and model with the keys it reads
  import-hummingbot
            turn a Hummingbot strategy config (YAML) into a [[miners]] table

Run 'lmsim <command> --help' for a command's options.

options:
  -h, --help   show this help
  --version    print the lmsim version

Exit status: 0 on success; 2 for bad options, configuration or data (the message
names the file, line and key), a failed write (a full disk: the file and the
system's reason) or a run stopped at one of its limits; 1 for an internal error.
Results appear whole or not at all: an interrupted command leaves nothing behind.
Documentation: docs/ in the source tree (scenario.md, miners.md, replay.md,
campaign.md, scoring.md, results.md, metrics.md, facts.md, calibration.md,
report.md, score-inputs.md, market-data.md, sweeps.md, reliability.md).
)";

// Ctrl-C, `kill` or a closed terminal: what the command staged is removed, then the signal takes
// its usual course (the exit status says which signal ended the process).
void on_termination_signal(int signal) {
  sim::io::remove_registered_temporaries();
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_termination_signal;
  sigemptyset(&action.sa_mask);
  for (const int signal : sim::io::kTerminationSignals) sigaddset(&action.sa_mask, signal);
  for (const int signal : sim::io::kTerminationSignals) {
    // A signal the caller chose to ignore (nohup, a background job) stays ignored.
    struct sigaction current {};
    if (::sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) continue;
    ::sigaction(signal, &action, nullptr);
  }
  // A file-size limit (ulimit -f) then fails the write with EFBIG, which is reported and
  // cleaned up like a full disk, instead of killing the process with a core dump.
  ::signal(SIGXFSZ, SIG_IGN);
}

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
                                 {"facts", facts_command},
                                 {"calibrate", calibrate_command},
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
  install_signal_handlers();
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
