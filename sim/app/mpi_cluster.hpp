#pragma once

#include <memory>

#include "sim/app/sweep.hpp"

namespace lmsim::sim::app {

/// The MPI job this process is a rank of, when lmsim was built with MPI (OpenMPI from Debian)
/// and started by mpirun/srun; nullptr otherwise (a single process). The first call loads the
/// MPI module (mpi_module.hpp) and initialises MPI; it is finalised at exit. A module that cannot
/// be loaded is an io::InputError naming the paths tried. Ranks split a sweep's runs (run i on
/// rank i mod size) and rank 0 gathers the results and writes the files.
std::unique_ptr<SweepCluster> mpi_cluster();

/// Whether this lmsim was built with MPI.
bool built_with_mpi();

}  // namespace lmsim::sim::app
