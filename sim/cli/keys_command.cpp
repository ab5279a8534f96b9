#include <boost/program_options.hpp>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/core/registries.hpp"
#include "sim/io/key_docs.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kKeysHelp =
    R"(usage: lmsim keys

Prints, as Markdown, the numeric keys of a scenario's own tables and every miner strategy,
scoring rule and queue, latency and fee model lmsim knows, with each key it reads: type,
range, default and meaning. The text is made
from the same specs that read scenario files (docs/keys.md is this output).

Options)";

}  // namespace

int keys_command(const std::vector<std::string>& args) {
  po::options_description options(kKeysHelp);
  options.add_options()("help,h", "show this help");
  std::vector<std::string> positionals;
  if (!parse_command_line(args, options, positionals, 0)) return kExitOk;
  std::cout << sim::io::keys_markdown(sim::builtin_registries());
  return kExitOk;
}

}  // namespace lmsim::cli
