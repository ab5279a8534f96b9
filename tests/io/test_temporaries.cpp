#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "sim/io/temporaries.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::sim::io;
using lmsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

/// The id of a process that has ended.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST_CASE("Temporaries: staging names are hidden, name the process and never repeat",
          "[temporaries]") {
  const std::string pid = std::to_string(::getpid());
  const std::string first = staging_name("results.h5");
  const std::string second = staging_name("results.h5");
  CHECK(first.rfind(".results.h5.tmp-" + pid + "-", 0) == 0);
  CHECK(first != second);
  CHECK(aside_name("r").rfind(".r.old-" + pid + "-", 0) == 0);
  CHECK_FALSE(is_stale_temporary(first));  // this process is alive
}

TEST_CASE("Temporaries: what dead processes staged is stale, anything else is not",
          "[temporaries]") {
  const std::string dead = std::to_string(dead_pid());
  CHECK(is_stale_temporary(".r.tmp-" + dead + "-0"));
  CHECK(is_stale_temporary(".results.h5.tmp-" + dead));  // as earlier versions named them
  CHECK(is_stale_temporary(".r.old-" + dead + "-3"));
  CHECK(is_stale_temporary(".a.b.tmp-" + dead + "-12"));
  CHECK_FALSE(is_stale_temporary("r.tmp-" + dead + "-0"));  // not hidden
  CHECK_FALSE(is_stale_temporary(".r.old-" + dead));
  CHECK_FALSE(is_stale_temporary(".r.tmp-x-0"));
  CHECK_FALSE(is_stale_temporary(".r.tmp-" + dead + "-"));
  CHECK_FALSE(is_stale_temporary(".tmp-" + dead + "-0"));
  CHECK_FALSE(is_stale_temporary(".notes"));
  CHECK_FALSE(is_stale_temporary(".r.tmp-1-0"));  // init is always alive
}

TEST_CASE("Temporaries: stale files and directories are removed, live ones and others kept",
          "[temporaries]") {
  const TempDir dir;
  const std::string dead = std::to_string(dead_pid());
  fs::create_directories(dir.path() / (".r.tmp-" + dead + "-0") / "inner");
  dir.write(".r.tmp-" + dead + "-0/results.h5", "x");
  dir.write(".results.h5.tmp-" + dead, "x");
  const std::string live = staging_name("mine");
  dir.write(live, "x");
  dir.write("results.h5", "x");
  dir.write(".hidden", "x");
  CHECK(remove_stale_temporaries(dir.path()) == 2);
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    left.push_back(entry.path().filename().string());
  }
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{".hidden", live, "results.h5"});
  CHECK(remove_stale_temporaries(dir.path() / "missing") == 0);
}

TEST_CASE("Temporaries: a termination signal's clean-up removes what is registered",
          "[temporaries]") {
  const TempDir dir;
  const fs::path staged = dir.path() / staging_name("r");
  fs::create_directory(staged);
  dir.write(staged.filename().string() + "/a.csv", "x");
  dir.write(staged.filename().string() + "/b.csv", "x");
  const fs::path file = dir.path() / staging_name("m.h5");
  dir.write(file.filename().string(), "x");
  const fs::path kept = dir.path() / staging_name("kept");
  dir.write(kept.filename().string(), "x");
  SignalCleanup directory_cleanup;
  directory_cleanup.watch(staged, {"a.csv", "b.csv", "c.csv"});
  SignalCleanup file_cleanup;
  file_cleanup.watch(file, {});
  SignalCleanup released;
  released.watch(kept, {});
  released.release();
  remove_registered_temporaries();
  CHECK_FALSE(fs::exists(staged));
  CHECK_FALSE(fs::exists(file));
  CHECK(fs::exists(kept));
}
