#include "sim/io/result_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::io {

namespace fs = std::filesystem;

ResultFiles::ResultFiles(fs::path directory, std::vector<std::string> names, bool overwrite)
    : directory_(std::move(directory)), names_(std::move(names)), overwrite_(overwrite) {
  std::error_code error;
  if (fs::exists(directory_, error) && !fs::is_directory(directory_, error)) {
    throw InputError({directory_.string(), 0, 0, ""}, "exists and is not a directory");
  }
  fs::create_directories(directory_, error);
  if (error) {
    throw InputError({directory_.string(), 0, 0, ""},
                     "cannot create output directory: " + error.message());
  }
  check_not_present();
}

ResultFiles::~ResultFiles() {
  if (committed_) return;
  for (const std::string& name : names_) {
    std::error_code ignored;
    fs::remove(staging_path(name), ignored);
  }
}

void ResultFiles::check_not_present() const {
  if (overwrite_) return;
  for (const std::string& name : names_) {
    const fs::path path = directory_ / name;
    std::error_code error;
    if (fs::exists(path, error)) {
      throw InputError(
          {path.string(), 0, 0, ""},
          "already exists; refusing to overwrite a result (use --force to replace it)");
    }
  }
}

fs::path ResultFiles::staging_path(const std::string& name) const {
  if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
    throw std::logic_error("ResultFiles: " + name + " was not declared");
  }
  return directory_ / ("." + name + ".tmp-" + std::to_string(::getpid()));
}

void ResultFiles::write(const std::string& name, std::string_view content) const {
  const fs::path path = staging_path(name);
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(content.data(), static_cast<std::streamsize>(content.size()));
  stream.close();
  if (!stream) throw InputError({path.string(), 0, 0, ""}, "cannot write result file");
}

void ResultFiles::commit() {
  check_not_present();
  for (const std::string& name : names_) {
    std::error_code error;
    fs::rename(staging_path(name), directory_ / name, error);
    if (error) {
      throw InputError({(directory_ / name).string(), 0, 0, ""},
                       "cannot move result into place: " + error.message());
    }
  }
  committed_ = true;
}

}  // namespace lmsim::sim::io
