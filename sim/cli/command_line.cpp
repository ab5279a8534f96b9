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

std::vector<std::string> comma_separated(const std::vector<std::string>& values,
                                         const std::string& option) {
  std::vector<std::string> names;
  for (const std::string& value : values) {
    std::size_t begin = 0;
    while (true) {
      const std::size_t comma = value.find(',', begin);
      const std::string name =
          value.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
      if (name.empty()) {
        throw boost::program_options::error(
            "the option '--" + option + "' needs names separated by commas (got '" + value + "')");
      }
      names.push_back(name);
      if (comma == std::string::npos) break;
      begin = comma + 1;
    }
  }
  return names;
}

}  // namespace lmsim::cli
