#include "sim/app/gnuplot_runner.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::app {

namespace fs = std::filesystem;

namespace {

std::string read_whole(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  return content.str();
}

/// A fresh private directory under the temporary directory, removed with its content.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "lmsim-gnuplot-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary directory for gnuplot in " +
                               fs::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

GnuplotRunner GnuplotRunner::find() {
  const char* path = std::getenv("PATH");
  std::string directories = path == nullptr ? "" : path;
  std::size_t begin = 0;
  while (begin <= directories.size()) {
    std::size_t end = directories.find(':', begin);
    if (end == std::string::npos) end = directories.size();
    // An empty PATH entry means the current directory, as for execvp.
    const fs::path directory =
        end == begin ? fs::path(".") : fs::path(directories.substr(begin, end - begin));
    const fs::path candidate = directory / "gnuplot";
    std::error_code error;
    if (fs::is_regular_file(candidate, error) && ::access(candidate.c_str(), X_OK) == 0) {
      return GnuplotRunner(candidate);
    }
    begin = end + 1;
  }
  throw io::InputError({},
                       "gnuplot not found; install gnuplot-nox (apt-get install gnuplot-nox): "
                       "lmsim report draws its plots with it");
}

GnuplotRunner::GnuplotRunner(fs::path executable) : executable_(std::move(executable)) {}

std::vector<std::string> GnuplotRunner::run(const std::string& script,
                                            const std::vector<std::string>& output_files) const {
  const ScratchDirectory scratch;
  {
    std::ofstream stream(scratch.path() / "plots.gp", std::ios::binary);
    stream << script;
    if (!stream) throw std::runtime_error("cannot write the gnuplot script");
  }
  const std::string directory = scratch.path().string();
  const std::string executable = executable_.string();
  const std::string home = "HOME=" + directory;
  const char* path = std::getenv("PATH");
  const std::string path_variable = std::string("PATH=") + (path == nullptr ? "" : path);
  // Everything the child needs is prepared before fork: only async-signal-safe calls after it.
  std::vector<std::string> environment_storage{home, path_variable, "LC_ALL=C"};
  std::vector<char*> environment;
  for (std::string& entry : environment_storage) environment.push_back(entry.data());
  environment.push_back(nullptr);
  std::string argument0 = "gnuplot";
  std::string argument1 = "plots.gp";
  char* arguments[] = {argument0.data(), argument1.data(), nullptr};
  const std::string out_path = directory + "/gnuplot.out";
  const std::string err_path = directory + "/gnuplot.err";

  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("cannot start gnuplot: fork failed");
  if (child == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || ::chdir(directory.c_str()) != 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(executable.c_str(), arguments, environment.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string errors = read_whole(err_path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw std::runtime_error("gnuplot (" + executable + ") failed with " + how +
                             (errors.empty() ? std::string() : ":\n" + errors.substr(0, 4000)));
  }
  std::vector<std::string> outputs;
  for (const std::string& name : output_files) {
    const fs::path file = scratch.path() / name;
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      throw std::runtime_error("gnuplot did not write " + name +
                               (errors.empty() ? std::string() : ":\n" + errors.substr(0, 4000)));
    }
    outputs.push_back(read_whole(file));
  }
  return outputs;
}

}  // namespace lmsim::sim::app
