#include "sim/cli/command_line.hpp"

#include <iostream>

namespace lmsim::cli {

namespace po = boost::program_options;

std::optional<po::variables_map> parse_command_line(const std::vector<std::string>& args,
                                                    const po::options_description& options,
                                                    std::vector<std::string>& positionals,
                                                    int max_positionals) {
  po::options_description hidden;
  hidden.add_options()("positional", po::value(&positionals)->composing());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("positional", max_positionals);
  po::variables_map values;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
  if (values.count("help")) {
    std::cout << options << "\n";
    return std::nullopt;
  }
  po::notify(values);
  return values;
}

}  // namespace lmsim::cli
