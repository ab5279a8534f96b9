#include "support/run_command.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "support/temp_dir.hpp"

namespace lmsim::test {

std::string source_path(const std::string& relative) {
  return std::string(LMSIM_SOURCE_DIR) + "/" + relative;
}

RunningCommand::RunningCommand(pid_t pid, std::unique_ptr<TempDir> capture)
    : pid_(pid), capture_(std::move(capture)) {}

RunningCommand::RunningCommand(RunningCommand&& other) noexcept
    : pid_(other.pid_), capture_(std::move(other.capture_)) {
  other.pid_ = -1;
}

RunningCommand::~RunningCommand() {
  if (pid_ > 0) wait();
}

CommandResult RunningCommand::wait() {
  CommandResult result;
  if (pid_ <= 0) return result;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(capture_->file("stdout"));
  result.err = read_file(capture_->file("stderr"));
  return result;
}

RunningCommand start_lmsim(const std::vector<std::string>& args, const CommandOptions& options) {
  auto capture = std::make_unique<TempDir>();
  const std::string out_path = capture->file("stdout");
  const std::string err_path = capture->file("stderr");
  std::vector<std::string> argv_storage{LMSIM_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string directory =
      options.working_directory.empty() ? LMSIM_SOURCE_DIR : options.working_directory;

  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::chdir(directory.c_str()) != 0) ::_exit(127);
    if (options.file_size_limit) {
      const rlimit limit{*options.file_size_limit, *options.file_size_limit};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(127);
    }
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return RunningCommand(child, std::move(capture));
}

CommandResult run_lmsim(const std::vector<std::string>& args, const CommandOptions& options) {
  return start_lmsim(args, options).wait();
}

CommandResult run_lmsim(const std::vector<std::string>& args,
                        const std::string& working_directory) {
  return run_lmsim(args, CommandOptions{working_directory, std::nullopt});
}

}  // namespace lmsim::test
