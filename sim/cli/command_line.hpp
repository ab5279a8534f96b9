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

/// The names of comma-separated lists given to a repeatable option (`--also-score dydx,uniform
/// --also-score polymarket`), in order; an empty name is a usage error
/// (boost::program_options::error).
std::vector<std::string> comma_separated(const std::vector<std::string>& values,
                                         const std::string& option);

}  // namespace lmsim::cli
