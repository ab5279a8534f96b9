#include <stdexcept>

#include "sim/cli/cli.hpp"

namespace lmsim::cli {

int convert_command(const std::vector<std::string>& args) {
  (void)args;
  throw std::runtime_error("lmsim convert is not available yet");
}

}  // namespace lmsim::cli
