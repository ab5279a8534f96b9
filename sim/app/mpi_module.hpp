#pragma once

#include <cstdint>

// The C interface of lmsim's MPI module (lmsim-mpi.so, built from mpi_module.cpp when MPI is
// found). The `lmsim` command does not link MPI: OpenMPI's libraries and their relocations cost a
// few milliseconds at every start, and only a sweep started by an MPI launcher needs them, so
// mpi_cluster() loads the module then, and only then. A plain C table keeps C++ types and
// exceptions off the boundary between the two.

extern "C" {

/// Every call returns MPI's status: MPI_SUCCESS (0) or an MPI error class.
struct LmsimMpiApi {
  /// The version of this table, kLmsimMpiApiVersion: a module of another version is refused.
  int version;
  /// MPI_Init_thread (funnelled) on the world communicator, which is finalised at exit; the
  /// process's rank and the world's size.
  int (*init)(int* rank, int* size);
  /// The maximum of `flag` (0 or 1) over all ranks, into `result`.
  int (*any)(int flag, int* result);
  /// Sends `size` bytes to rank 0: first their count, then the bytes (at most 2^31 − 1 of them).
  int (*send_to_root)(const void* bytes, std::uint64_t size);
  /// On rank 0: the byte count `source` sends first.
  int (*receive_size)(int source, std::uint64_t* size);
  /// On rank 0: the `size` bytes `source` sends next.
  int (*receive)(int source, void* bytes, std::uint64_t size);
};

/// The symbol mpi_cluster() looks up in the module.
const LmsimMpiApi* lmsim_mpi_api();
}

/// The version both sides of the table are compiled with.
inline constexpr int kLmsimMpiApiVersion = 1;
/// The module's file name, next to `lmsim` in a build tree, in LIBDIR/lmsim when installed.
inline constexpr const char* kLmsimMpiModuleName = "lmsim-mpi.so";
