#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lmsim::cli {

/// Parses a subcommand's arguments against its visible `options` plus positional arguments,
/// which are collected into `positionals` (at most `max_positionals`; −1 for any number).
/// Prints the options' help and returns nullopt when -h/--help was given; throws
/// boost::program_options::error for anything malformed (the CLI reports it with exit 2).
std::optional<boost::program_options::variables_map> parse_command_line(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    std::vector<std::string>& positionals, int max_positionals);

}  // namespace lmsim::cli
