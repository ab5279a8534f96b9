#pragma once

#include <string>
#include <vector>

namespace lmsim::cli {

/// Exit statuses of the `lmsim` command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternalError = 1;  ///< a bug in lmsim: please report it
inline constexpr int kExitInputError = 2;     ///< bad options, configuration or data

/// Runs the `lmsim` command line: dispatches to a subcommand, prints its errors as
/// `lmsim: error: …` on stderr and returns the exit status.
int run(int argc, char** argv);

/// The subcommands; each takes the arguments after its name.
int score_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int convert_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int keys_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int tune_command(const std::vector<std::string>& args);
int import_hummingbot_command(const std::vector<std::string>& args);
int facts_command(const std::vector<std::string>& args);
int calibrate_command(const std::vector<std::string>& args);

}  // namespace lmsim::cli
