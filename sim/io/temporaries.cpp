#include "sim/io/temporaries.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>

namespace lmsim::sim::io {

namespace fs = std::filesystem;

namespace {

std::atomic<unsigned> next_staging{0};

std::string hidden(std::string_view name, std::string_view kind) {
  return "." + std::string(name) + "." + std::string(kind) + "-" + std::to_string(::getpid()) +
         "-" + std::to_string(next_staging++);
}

/// A digits-only number, or -1.
long long number_in(std::string_view text) {
  long long value = 0;
  if (text.empty() || text.size() > 18) return -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

bool process_alive(long long pid) {
  if (pid <= 0 || pid > 0x7fffffff) return false;
  if (pid == ::getpid()) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// What a termination signal removes: C strings built when registered, read by the handler.
struct Registered {
  std::string path;
  std::vector<std::string> files;  // full paths inside `path` (a staged directory)
};

constexpr int kSlots = 16;
std::array<std::atomic<Registered*>, kSlots> registered{};

}  // namespace

std::string staging_name(std::string_view name) {
  return hidden(name, "tmp");
}

std::string aside_name(std::string_view name) {
  return hidden(name, "old");
}

bool is_stale_temporary(std::string_view entry) {
  if (entry.size() < 3 || entry.front() != '.') return false;
  for (const std::string_view kind : {".tmp-", ".old-"}) {
    const std::size_t at = entry.rfind(kind);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view rest = entry.substr(at + kind.size());
    const std::size_t dash = rest.find('-');
    const long long pid = number_in(rest.substr(0, dash));
    if (pid < 0) continue;
    if (dash != std::string_view::npos && number_in(rest.substr(dash + 1)) < 0) continue;
    // The earlier single-file form had no counter, and was never "old".
    if (dash == std::string_view::npos && kind == ".old-") continue;
    return !process_alive(pid);
  }
  return false;
}

int remove_stale_temporaries(const fs::path& directory) {
  int removed = 0;
  std::error_code error;
  fs::directory_iterator entries(directory, error);
  if (error) return 0;
  std::vector<fs::path> stale;
  for (const fs::directory_entry& entry : entries) {
    if (is_stale_temporary(entry.path().filename().string())) stale.push_back(entry.path());
  }
  for (const fs::path& path : stale) {
    std::error_code ignored;
    if (fs::remove_all(path, ignored) > 0 && !ignored) ++removed;
  }
  return removed;
}

TerminationSignalsBlocked::TerminationSignalsBlocked() {
  sigset_t set;
  sigemptyset(&set);
  for (const int signal : kTerminationSignals) sigaddset(&set, signal);
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

TerminationSignalsBlocked::~TerminationSignalsBlocked() {
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void SignalCleanup::watch(const fs::path& path, const std::vector<std::string>& files) {
  release();
  auto entry = std::make_unique<Registered>();
  entry->path = path.string();
  for (const std::string& file : files) entry->files.push_back((path / file).string());
  const TerminationSignalsBlocked blocked;
  for (int slot = 0; slot < kSlots; ++slot) {
    Registered* empty = nullptr;
    if (registered[slot].compare_exchange_strong(empty, entry.get())) {
      entry.release();
      slot_ = slot;
      return;
    }
  }
  // More staged results at once than slots: this one is still removed on failure and by the next
  // run, just not on a signal.
}

SignalCleanup::~SignalCleanup() {
  release();
}

void SignalCleanup::release() {
  if (slot_ < 0) return;
  Registered* entry = nullptr;
  {
    const TerminationSignalsBlocked blocked;
    entry = registered[slot_].exchange(nullptr);
  }
  delete entry;
  slot_ = -1;
}

void remove_registered_temporaries() noexcept {
  for (std::atomic<Registered*>& slot : registered) {
    const Registered* entry = slot.load();
    if (entry == nullptr) continue;
    for (const std::string& file : entry->files) ::unlink(file.c_str());
    if (entry->files.empty()) {
      ::unlink(entry->path.c_str());
    } else {
      ::rmdir(entry->path.c_str());
    }
  }
}

}  // namespace lmsim::sim::io
