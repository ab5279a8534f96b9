#pragma once

// What the fuzz targets share: scratch files for inputs that readers take by path, and the one
// rule every target checks — bad input is an InputError (or an Hdf5Error, or a RunLimitError
// for a run), never anything else. Any other exception escapes the target and libFuzzer
// reports it as a crash, as it does signals, sanitizer reports, leaks and timeouts.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "sim/core/run_limits.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::fuzz {

/// The directory of this process's scratch files (created once, removed at exit).
inline const std::filesystem::path& scratch_directory() {
  static const std::filesystem::path directory = [] {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("lmsim-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_directory(), ignored);
    });
    return path;
  }();
  return directory;
}

/// Writes `content` as scratch file `name` (replacing the previous input's) and returns its path.
inline std::string scratch_file(std::string_view name, std::string_view content) {
  const std::filesystem::path path = scratch_directory() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(content.data(), static_cast<std::streamsize>(content.size()));
  return path.string();
}

/// `text` cut at the first `separator` into what comes before and after (all of it before when
/// there is none), so that one input can hold two files.
inline std::pair<std::string_view, std::string_view> split_at(std::string_view text,
                                                              std::string_view separator) {
  const std::size_t at = text.find(separator);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + separator.size())};
}

/// Runs `body`, letting the errors bad input may cause end it quietly.
template <typename Body>
void expecting_input_errors(Body&& body) {
  try {
    body();
  } catch (const sim::io::InputError&) {
  } catch (const sim::io::Hdf5Error&) {
  } catch (const sim::RunLimitError&) {
  }
}

/// Stops the fuzzer with a crash when a property the code promises does not hold.
inline void require(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace lmsim::fuzz
