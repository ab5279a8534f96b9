#include "sim/app/mpi_cluster.hpp"

#include <cstdlib>

#ifdef LMSIM_WITH_MPI
#include <mpi.h>

#include <cstring>
#include <stdexcept>
#endif

namespace lmsim::sim::app {

#ifdef LMSIM_WITH_MPI

namespace {

/// Started by an MPI launcher: OpenMPI's mpirun, or a PMI/PMIx launcher such as Slurm's srun.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

void check(int status, const char* call) {
  if (status != MPI_SUCCESS) throw std::runtime_error(std::string(call) + " failed");
}

/// Runs are sent as bytes: per run, ok (1 byte), the error's length (8) and text, the metrics'
/// count (8) and values — the exact doubles, so gathered results are bit-identical.
void append(std::vector<char>& bytes, const void* data, std::size_t size) {
  const auto* begin = static_cast<const char*>(data);
  bytes.insert(bytes.end(), begin, begin + size);
}

class MpiCluster final : public SweepCluster {
 public:
  MpiCluster() {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
    std::atexit([] {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (!finalized) MPI_Finalize();
    });
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  bool any(bool flag) const override {
    int local = flag ? 1 : 0;
    int global = 0;
    check(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
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
      const std::uint64_t total = bytes.size();
      check(MPI_Send(&total, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD), "MPI_Send");
      check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, 0, 1, MPI_COMM_WORLD),
            "MPI_Send");
      return;
    }
    for (int source = 1; source < size_; ++source) {
      std::uint64_t total = 0;
      check(MPI_Recv(&total, 1, MPI_UINT64_T, source, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
      std::vector<char> bytes(total);
      check(MPI_Recv(bytes.data(), static_cast<int>(total), MPI_CHAR, source, 1, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE),
            "MPI_Recv");
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
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<SweepCluster> mpi_cluster() {
  if (!launched_by_mpi()) return nullptr;
  return std::make_unique<MpiCluster>();
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
