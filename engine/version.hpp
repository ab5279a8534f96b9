#pragma once

// The single source of lmsim's version: CMake reads it, the CLI prints it and every result file
// records it.
#define LMSIM_VERSION "0.1.0"

namespace lmsim::engine {
inline constexpr const char* kVersion = LMSIM_VERSION;
}  // namespace lmsim::engine
