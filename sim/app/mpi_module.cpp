// lmsim's MPI module: the few MPI calls a sweep across ranks makes, behind the C table of
// mpi_module.hpp. It links MPI; nothing else of lmsim does.
#include "sim/app/mpi_module.hpp"

#include <mpi.h>

#include <cstdlib>
#include <limits>

namespace {

int init(int* rank, int* size) {
  int provided = 0;
  if (const int status = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      status != MPI_SUCCESS) {
    return status;
  }
  std::atexit([] {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  });
  if (const int status = MPI_Comm_rank(MPI_COMM_WORLD, rank); status != MPI_SUCCESS) return status;
  return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int any(int flag, int* result) {
  return MPI_Allreduce(&flag, result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
}

int send_to_root(const void* bytes, std::uint64_t size) {
  if (size > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return MPI_ERR_COUNT;
  if (const int status = MPI_Send(&size, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD);
      status != MPI_SUCCESS) {
    return status;
  }
  return MPI_Send(bytes, static_cast<int>(size), MPI_CHAR, 0, 1, MPI_COMM_WORLD);
}

int receive_size(int source, std::uint64_t* size) {
  return MPI_Recv(size, 1, MPI_UINT64_T, source, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

int receive(int source, void* bytes, std::uint64_t size) {
  if (size > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return MPI_ERR_COUNT;
  return MPI_Recv(bytes, static_cast<int>(size), MPI_CHAR, source, 1, MPI_COMM_WORLD,
                  MPI_STATUS_IGNORE);
}

constexpr LmsimMpiApi kApi{kLmsimMpiApiVersion, init, any, send_to_root, receive_size, receive};

}  // namespace

extern "C" __attribute__((visibility("default"))) const LmsimMpiApi* lmsim_mpi_api() {
  return &kApi;
}
