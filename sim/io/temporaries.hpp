#pragma once

#include <csignal>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lmsim::sim::io {

// The hidden files and directories a result is staged in before it is moved into place, and
// their removal: by their owner when it fails (ResultDirectory, ResultFile), on SIGINT, SIGTERM,
// SIGHUP or SIGQUIT (remove_registered_temporaries, from the command's signal handler), and, for
// those of a process that died without cleaning up (kill -9, a power cut), by the next lmsim
// that stages a result in the same directory (remove_stale_temporaries).

/// A fresh staging name for `name`: ".NAME.tmp-PID-N", N counting within this process.
std::string staging_name(std::string_view name);

/// The name a replaced result is moved aside to before it is removed: ".NAME.old-PID-N".
std::string aside_name(std::string_view name);

/// Whether `entry` (a file or directory name) is a staging or aside name of lmsim whose process
/// is no longer running: ".NAME.tmp-PID", ".NAME.tmp-PID-N" or ".NAME.old-PID-N" with PID not a
/// live process (the first form is what earlier versions of lmsim left).
bool is_stale_temporary(std::string_view entry);

/// Removes the stale temporaries (is_stale_temporary) directly inside `directory`, files or
/// whole directories; returns how many. Errors are ignored: a temporary that cannot be removed
/// is left for the next time.
int remove_stale_temporaries(const std::filesystem::path& directory);

/// While alive, has the staged file or directory `path` removed should the process be ended by
/// a termination signal: `files` are the names inside a staged directory (none for a file); the
/// handler unlinks them and then the directory. Registering blocks the termination signals for a
/// moment, so the handler never sees half an entry.
class SignalCleanup {
 public:
  SignalCleanup() = default;
  ~SignalCleanup();
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;

  /// Starts watching `path` (after release() if it watched another).
  void watch(const std::filesystem::path& path, const std::vector<std::string>& files);
  /// Stops watching (the path was committed or removed).
  void release();

 private:
  int slot_ = -1;
};

/// Removes everything registered with SignalCleanup. Async-signal-safe: it calls unlink and
/// rmdir only, on paths prepared when they were registered.
void remove_registered_temporaries() noexcept;

/// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT in this thread while alive (around a commit's
/// renames, so a result is moved into place whole or not at all); a signal that arrives
/// meanwhile is delivered when the block ends.
class TerminationSignalsBlocked {
 public:
  TerminationSignalsBlocked();
  ~TerminationSignalsBlocked();
  TerminationSignalsBlocked(const TerminationSignalsBlocked&) = delete;
  TerminationSignalsBlocked& operator=(const TerminationSignalsBlocked&) = delete;

 private:
  sigset_t previous_;
};

/// The termination signals SignalCleanup and TerminationSignalsBlocked are about.
inline constexpr int kTerminationSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

}  // namespace lmsim::sim::io
