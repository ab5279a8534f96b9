#include <boost/program_options.hpp>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kValidateHelp =
    R"(usage: lmsim validate SCENARIO.toml [--set KEY.PATH=VALUE]...

Checks a scenario without running it: every key known, every value of the right type and
in range, the campaign consistent with the simulated market and time window. Exits 0 and
prints a one-line summary when it is valid, 2 with file:line:column and key otherwise.

Options)";

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  po::options_description options(kValidateHelp);
  std::vector<std::string> overrides;
  options.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override one scenario key (repeatable)");
  std::vector<std::string> positionals;
  if (!parse_command_line(args, options, positionals, 1)) return kExitOk;
  if (positionals.empty()) throw po::error("a scenario file is required");
  const std::string scenario_path = positionals[0];
  const sim::Scenario scenario = sim::io::load_scenario(scenario_path, overrides);
  int miners = 0;
  for (const sim::MinerGroup& group : scenario.miners) miners += group.count;
  std::cout << scenario_path << ": ok: " << engine::format_duration(scenario.sim.duration) << " of "
            << scenario.market.spec.pair << " from " << engine::format_timestamp(scenario.sim.start)
            << ", " << scenario.background.total() << " background agents, " << miners
            << " miners, " << scenario.campaign.total_slots() << " snapshot slots\n";
  return kExitOk;
}

}  // namespace lmsim::cli
