#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lmsim::sim::io {

/// The result files of one command, written so that nobody ever sees a half-written result:
/// each file is first written under a hidden temporary name in the target directory and all are
/// renamed to their final names by `commit()`. Existing results are refused up front (before any
/// work is done) unless overwriting was asked for; temporaries left by a failure are removed.
class ResultFiles {
 public:
  /// Creates `directory` if needed. Throws InputError when one of `names` already exists in it
  /// and `overwrite` is false.
  ResultFiles(std::filesystem::path directory, std::vector<std::string> names, bool overwrite);
  ~ResultFiles();
  ResultFiles(const ResultFiles&) = delete;
  ResultFiles& operator=(const ResultFiles&) = delete;

  /// Where to write `name` before the commit (for writers that need a path, such as HDF5).
  std::filesystem::path staging_path(const std::string& name) const;
  /// Writes `content` as the staged version of `name`.
  void write(const std::string& name, std::string_view content) const;
  /// Renames every staged file into place.
  void commit();

  const std::filesystem::path& directory() const { return directory_; }

 private:
  void check_not_present() const;

  std::filesystem::path directory_;
  std::vector<std::string> names_;
  bool overwrite_;
  bool committed_ = false;
};

}  // namespace lmsim::sim::io
