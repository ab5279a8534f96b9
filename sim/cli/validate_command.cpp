#include <boost/program_options.hpp>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/value_parse.hpp"

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
  std::string scenario_path;
  std::vector<std::string> overrides;
  options.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override one scenario key (repeatable)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map values;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
  if (values.count("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  po::notify(values);
  if (scenario_path.empty()) throw po::error("a scenario file is required");
  const sim::Scenario scenario = sim::load_scenario(scenario_path, overrides);
  int miners = 0;
  for (const sim::MinerGroup& group : scenario.miners) miners += group.count;
  std::cout << scenario_path << ": ok: " << sim::format_duration(scenario.sim.duration) << " of "
            << scenario.market.spec.pair << " from " << sim::format_timestamp(scenario.sim.start)
            << ", " << scenario.background.total() << " background agents, " << miners
            << " miners, " << scenario.campaign.total_slots() << " snapshot slots\n";
  return kExitOk;
}

}  // namespace lmsim::cli
