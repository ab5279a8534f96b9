#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "sim/cli/cli.hpp"
#include "sim/io/hdf5_file.hpp"

int main(int argc, char** argv) {
  const int status = lmsim::cli::run(argc, argv);
  if (lmsim::sim::io::hdf5_close_failed()) {
    // HDF5 1.10 keeps the handle of a file it failed to close and crashes closing it again at
    // exit; the command is over (its temporaries removed, its error printed), so the process
    // ends here without that clean-up.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(status);
  }
  return status;
}
