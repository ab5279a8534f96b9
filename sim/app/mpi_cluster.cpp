#include "sim/app/mpi_cluster.hpp"

#include <cstdlib>

#ifdef LMSIM_MPI_MODULE
#include <dlfcn.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "sim/app/mpi_module.hpp"
#include "sim/io/input_error.hpp"
#endif

namespace lmsim::sim::app {

#ifdef LMSIM_MPI_MODULE

namespace {

/// Started by an MPI launcher: OpenMPI's mpirun, or a PMI/PMIx launcher such as Slurm's srun.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

/// The MPI module's table, loaded once: from beside the executable (a build tree), else from the
/// installed library directory (LMSIM_MPI_MODULE_FROM_BINDIR, relative to the executable's).
const LmsimMpiApi& mpi_api() {
  static const LmsimMpiApi* const api = [] {
    std::error_code error;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    const std::filesystem::path dir = error ? std::filesystem::path(".") : exe.parent_path();
    const std::filesystem::path candidates[] = {
        dir / kLmsimMpiModuleName, dir / LMSIM_MPI_MODULE_FROM_BINDIR / kLmsimMpiModuleName};
    std::string failures;
    for (const std::filesystem::path& path : candidates) {
      // Global symbols: OpenMPI's own components, which it loads in turn, resolve against them.
      if (void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
        const auto entry =
            reinterpret_cast<const LmsimMpiApi* (*)()>(dlsym(module, "lmsim_mpi_api"));
        const LmsimMpiApi* table = entry != nullptr ? entry() : nullptr;
        if (table == nullptr || table->version != kLmsimMpiApiVersion) {
          throw io::InputError(
              {path.string(), 0, 0, ""},
              "not an MPI module of this lmsim (rebuild lmsim and install it again)");
        }
        return table;
      }
      const char* reason = dlerror();
      failures += "\n  " + std::string(reason != nullptr ? reason : path.c_str());
    }
    throw io::InputError({},
                         "lmsim was started by an MPI launcher but cannot load its MPI module " +
                             std::string(kLmsimMpiModuleName) + ":" + failures);
  }();
  return *api;
}

void check(int status, const char* call) {
  if (status != 0)
    throw std::runtime_error(std::string(call) + " failed (MPI error " + std::to_string(status) +
                             ")");
}

/// Runs are sent as bytes: per run, ok (1 byte), the error's length (8) and text, the metrics'
/// count (8) and values — the exact doubles, so gathered results are bit-identical.
void append(std::vector<char>& bytes, const void* data, std::size_t size) {
  const auto* begin = static_cast<const char*>(data);
  bytes.insert(bytes.end(), begin, begin + size);
}

class MpiCluster final : public SweepCluster {
 public:
  explicit MpiCluster(const LmsimMpiApi& mpi) : mpi_(mpi) {
    check(mpi_.init(&rank_, &size_), "MPI_Init_thread");
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  bool any(bool flag) const override {
    int global = 0;
    check(mpi_.any(flag ? 1 : 0, &global), "MPI_Allreduce");
    return global != 0;
  }

  void gather(std::vector<SweepRun>& runs) const override {
    const auto size = static_cast<std::size_t>(size_);
    if (rank_ != 0) {
      std::vector<char> bytes;
      for (std::size_t run = static_cast<std::size_t>(rank_); run < runs.size(); run += size) {
        const SweepRun& outcome = runs[run];
        const char ok = outcome.ok ? 1 : 0;
        append(bytes, &ok, 1);
        const std::uint64_t length = outcome.error.size();
        append(bytes, &length, sizeof length);
        append(bytes, outcome.error.data(), outcome.error.size());
        const std::uint64_t count = outcome.metrics.size();
        append(bytes, &count, sizeof count);
        append(bytes, outcome.metrics.data(), count * sizeof(double));
      }
      check(mpi_.send_to_root(bytes.data(), bytes.size()), "MPI_Send");
      return;
    }
    for (int source = 1; source < size_; ++source) {
      std::uint64_t total = 0;
      check(mpi_.receive_size(source, &total), "MPI_Recv");
      std::vector<char> bytes(total);
      check(mpi_.receive(source, bytes.data(), total), "MPI_Recv");
      std::size_t at = 0;
      const auto take = [&](void* out, std::size_t bytes_wanted) {
        std::memcpy(out, bytes.data() + at, bytes_wanted);
        at += bytes_wanted;
      };
      for (std::size_t run = static_cast<std::size_t>(source); run < runs.size(); run += size) {
        SweepRun& outcome = runs[run];
        char ok = 0;
        take(&ok, 1);
        outcome.ok = ok != 0;
        std::uint64_t length = 0;
        take(&length, sizeof length);
        outcome.error.assign(bytes.data() + at, length);
        at += length;
        std::uint64_t count = 0;
        take(&count, sizeof count);
        outcome.metrics.resize(count);
        take(outcome.metrics.data(), count * sizeof(double));
      }
    }
  }

 private:
  const LmsimMpiApi& mpi_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<SweepCluster> mpi_cluster() {
  if (!launched_by_mpi()) return nullptr;
  return std::make_unique<MpiCluster>(mpi_api());
}

bool built_with_mpi() {
  return true;
}

#else

std::unique_ptr<SweepCluster> mpi_cluster() {
  return nullptr;
}

bool built_with_mpi() {
  return false;
}

#endif

}  // namespace lmsim::sim::app
