#include <boost/program_options.hpp>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/core/registries.hpp"
#include "sim/io/hummingbot_config.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kImportHelp =
    R"(usage: lmsim import-hummingbot CONF.yml [--name NAME] [--version 2020|2021|current]

Turns a Hummingbot strategy config file (the YAML its `create` command writes, for
pure_market_making or avellaneda_market_making) into a [[miners]] table for a scenario,
printed on stdout. Every option becomes the lmsim key of the same name and meaning
(seconds and days become durations such as "30s"), and is checked by the strategy's own
rules: a value outside Hummingbot's validators, an option the chosen release did not
have, an external or custom price source, or an option lmsim does not know stops the
import with file:line:column and the option's name (exit 2). exchange, market and unset
options become comments; add base_balance and quote_balance (Hummingbot reads them from
the exchange). The mapping: docs/miners.md.

Example:
  lmsim import-hummingbot conf_pure_mm_1.yml --name maker >> scenario.toml

Options)";

}  // namespace

int import_hummingbot_command(const std::vector<std::string>& args) {
  po::options_description options(kImportHelp);
  sim::io::HummingbotImportOptions import;
  options.add_options()("help,h", "show this help")(
      "name", po::value(&import.name)->value_name("NAME"),
      "the miner group's name (default: the file's name without .yml)")(
      "version", po::value(&import.version)->value_name("V"),
      "the Hummingbot release to imitate: 2020 (v0.34.0), 2021 (v0.45.0) or current "
      "(master); default: inferred from the options the file has");
  std::vector<std::string> positionals;
  if (!parse_command_line(args, options, positionals, 1)) return kExitOk;
  if (positionals.empty()) throw po::error("a Hummingbot config file is required");
  std::cout << sim::io::import_hummingbot_file(positionals[0], import, sim::builtin_registries());
  return kExitOk;
}

}  // namespace lmsim::cli
