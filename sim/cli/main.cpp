#include "sim/cli/cli.hpp"

int main(int argc, char** argv) {
  return lmsim::cli::run(argc, argv);
}
