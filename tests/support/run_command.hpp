#pragma once

#include <string>
#include <vector>

namespace lmsim::test {

/// What a finished command printed and returned.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the lmsim binary under test with `args` (no shell: arguments are passed as they are)
/// from `working_directory` (the source tree when empty) and captures its output.
CommandResult run_lmsim(const std::vector<std::string>& args,
                        const std::string& working_directory = "");

/// A path inside the source tree.
std::string source_path(const std::string& relative);

}  // namespace lmsim::test
