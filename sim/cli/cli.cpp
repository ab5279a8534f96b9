#include "sim/cli/cli.hpp"

#include <boost/program_options/errors.hpp>
#include <iostream>

#include "engine/version.hpp"
#include "sim/input_error.hpp"

namespace lmsim::cli {

namespace {

constexpr const char* kUsage =
    R"(lmsim - deterministic backtesting of order-book liquidity-mining campaigns

usage: lmsim <command> [options]

commands:
  score     score recorded snapshots and orders against a campaign and report
            who earned what (see 'lmsim score --help')

options:
  -h, --help   show this help
  --version    print the lmsim version

Exit status: 0 on success, 2 for bad options, configuration or data (the message
names the file, line and key), 1 for an internal error.
Documentation: docs/ in the source tree (campaign.md, score-inputs.md).
)";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {{"score", score_command}};

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
    } catch (const sim::InputError& error) {
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
