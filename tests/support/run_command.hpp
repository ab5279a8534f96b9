#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lmsim::test {

/// What a finished command printed and returned (128 + N when signal N ended it).
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// How to start the lmsim binary under test.
struct CommandOptions {
  std::string working_directory;  ///< the source tree when empty
  /// RLIMIT_FSIZE of the process, bytes: writes past it fail as on a full disk (EFBIG).
  std::optional<std::uint64_t> file_size_limit;
};

class TempDir;

/// An lmsim process started by start_lmsim, still running.
class RunningCommand {
 public:
  RunningCommand(pid_t pid, std::unique_ptr<TempDir> capture);
  ~RunningCommand();
  RunningCommand(RunningCommand&&) noexcept;
  RunningCommand(const RunningCommand&) = delete;
  RunningCommand& operator=(const RunningCommand&) = delete;

  pid_t pid() const { return pid_; }
  /// Waits for the process to end and returns what it printed.
  CommandResult wait();

 private:
  pid_t pid_;
  std::unique_ptr<TempDir> capture_;
};

/// Starts the lmsim binary under test with `args` (no shell: arguments are passed as they are),
/// its output captured.
RunningCommand start_lmsim(const std::vector<std::string>& args,
                           const CommandOptions& options = {});

/// Runs the lmsim binary under test with `args` (no shell: arguments are passed as they are)
/// from `working_directory` (the source tree when empty) and captures its output.
CommandResult run_lmsim(const std::vector<std::string>& args,
                        const std::string& working_directory = "");
CommandResult run_lmsim(const std::vector<std::string>& args, const CommandOptions& options);

/// A path inside the source tree.
std::string source_path(const std::string& relative);

}  // namespace lmsim::test
