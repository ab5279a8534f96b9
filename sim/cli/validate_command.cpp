#include <boost/program_options.hpp>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/key_docs.hpp"
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

/// Every configured kind of the scenario with its keys' values.
std::string explain(const sim::Scenario& scenario) {
  const auto kind = [](std::string_view what, const auto& config) {
    return "\n" + std::string(what) + " = \"" + std::string(config.name()) + "\"\n" +
           sim::io::param_values_text(config.params(), "  ");
  };
  std::string out = kind("campaign.rule", scenario.campaign.scoring_rule());
  for (std::size_t i = 0; i < scenario.also_score.size(); ++i) {
    out += kind(
        "campaign.also_score[" + std::to_string(i) + "] (" + scenario.also_score[i].name + ").rule",
        *scenario.also_score[i].rule);
  }
  if (scenario.market.fees) out += kind("market.fees", *scenario.market.fees);
  if (scenario.market.replay && scenario.market.replay->queue) {
    out += kind("market.queue", *scenario.market.replay->queue);
  }
  for (std::size_t i = 0; i < scenario.miners.size(); ++i) {
    const sim::MinerGroup& group = scenario.miners[i];
    const std::string at = "miners[" + std::to_string(i) + "] (" + group.name + ")";
    if (!group.drawn.empty()) out += "\n" + at + " drew: " + group.drawn + "\n";
    out += kind(at + ".strategy", *group.strategy);
    if (group.latency) out += kind(at + ".latency", *group.latency);
    if (group.economics) {
      const engine::ParamHolder<sim::miners::EconomicsParams> economics(
          sim::miners::economics_spec(), *group.economics);
      out += "\n" + at + ".economics\n" + sim::io::param_values_text(economics, "  ");
    }
  }
  return out;
}

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  po::options_description options(kValidateHelp);
  std::vector<std::string> overrides;
  std::vector<std::string> also_score;
  options.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override one scenario key (repeatable)")(
      "also-score", po::value(&also_score)->value_name("RULE,...")->composing(),
      "check the scenario as 'lmsim run --also-score' would run it")(
      "explain",
      "also print the campaign's rule, the market's models and each miner group's strategy "
      "and latency with every key's value as the run will use it (defaults included)");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a scenario file is required");
  const std::string scenario_path = positionals[0];
  const sim::Scenario scenario =
      sim::io::load_scenario(scenario_path, overrides, sim::builtin_registries(),
                             comma_separated(also_score, "also-score"));
  int miners = 0;
  for (const sim::MinerGroup& group : scenario.miners) miners += group.count;
  std::cout << scenario_path << ": ok: " << engine::format_duration(scenario.sim.duration) << " of "
            << scenario.market.spec.pair << " from " << engine::format_timestamp(scenario.sim.start)
            << ", " << scenario.background.total() << " background agents, " << miners
            << " miners, " << scenario.campaign.total_slots() << " snapshot slots\n";
  if (values.count("explain")) std::cout << explain(scenario);
  return kExitOk;
}

}  // namespace lmsim::cli
