#include "sim/io/result_files.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/io/file_writer.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::sim::io {

namespace fs = std::filesystem;

namespace {

InputError problem_with(const fs::path& shown, const std::string& problem) {
  return InputError({shown.string(), 0, 0, ""}, problem);
}

std::string system_error(int error) {
  return std::strerror(error);
}

/// `path` made absolute and normal, without a trailing separator; a symbolic link as the last
/// component is followed, so that the result replaces what it points to, not the link.
fs::path absolute_target(const fs::path& given) {
  fs::path path = fs::absolute(given).lexically_normal();
  if (!path.has_filename() && path.has_parent_path() && path != path.root_path()) {
    path = path.parent_path();
  }
  std::error_code error;
  if (fs::is_symlink(path, error)) {
    const fs::path resolved = fs::canonical(path, error);
    if (error) throw problem_with(given, "is a symbolic link to nothing");
    return resolved;
  }
  return path;
}

/// Creates `parent` and its missing ancestors; returns the outermost directory it created (""
/// when `parent` existed), so that a result that never appears leaves none of them behind.
fs::path create_parent(const fs::path& parent, const fs::path& shown) {
  fs::path outermost;
  std::error_code error;
  for (fs::path path = parent; !path.empty() && !fs::exists(path, error);
       path = path.parent_path()) {
    outermost = path;
    if (path == path.parent_path()) break;
  }
  fs::create_directories(parent, error);
  if (error) throw problem_with(shown, "cannot create its directory: " + error.message());
  return outermost;
}

/// Removes the directories create_parent made, deepest first, as long as they are empty.
void remove_created(const fs::path& parent, const fs::path& outermost) {
  if (outermost.empty()) return;
  for (fs::path path = parent;; path = path.parent_path()) {
    std::error_code error;
    if (!fs::remove(path, error) || path == outermost || path == path.parent_path()) return;
  }
}

/// Best effort: a directory that cannot be synced does not undo a rename that succeeded.
void sync_directory(const fs::path& directory) {
  try {
    sync_to_disk(directory, directory.string());
  } catch (const InputError&) {
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ResultDirectory

ResultDirectory::ResultDirectory(const fs::path& directory, std::vector<std::string> names,
                                 bool overwrite, std::vector<std::string> replaceable)
    : shown_(directory), names_(std::move(names)), overwrite_(overwrite) {
  target_ = absolute_target(directory);
  if (!target_.has_filename() || target_ == target_.root_path()) {
    throw problem_with(shown_, "a result needs a directory of its own, not the root directory");
  }
  replaceable_ = names_;
  replaceable_.insert(replaceable_.end(), replaceable.begin(), replaceable.end());
  // Replacing the working directory (or one holding it) would pull it from under this process.
  const fs::path working = fs::current_path().lexically_normal();
  const fs::path inside = working.lexically_relative(target_);
  if (!inside.empty() && *inside.begin() != "..") {
    throw problem_with(shown_,
                       "is or holds the working directory, which a result cannot replace; give "
                       "another directory");
  }
  const fs::path parent = target_.parent_path();
  created_ = create_parent(parent, shown_);
  try {
    check_target();
  } catch (...) {
    remove_created(parent, created_);
    throw;
  }
}

void ResultDirectory::check_target() {
  const fs::path parent = target_.parent_path();
  remove_stale_temporaries(parent);
  std::error_code error;
  if (fs::exists(target_, error)) {
    if (!fs::is_directory(target_, error))
      throw problem_with(shown_, "exists and is not a directory");
    remove_stale_temporaries(target_);
  }
  check_not_present();
  staging_ = parent / staging_name(target_.filename().string());
  // Watched before it exists: a signal between creating and watching it would leave it behind
  // (removing what does not exist yet is harmless).
  cleanup_.watch(staging_, names_);
  fs::create_directory(staging_, error);
  if (error) {
    cleanup_.release();
    throw problem_with(shown_, "cannot create a directory beside it: " + error.message());
  }
}

ResultDirectory::~ResultDirectory() {
  if (committed_) return;
  cleanup_.release();
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
  remove_created(target_.parent_path(), created_);
}

std::string ResultDirectory::foreign_entry() const {
  std::error_code error;
  fs::directory_iterator entries(target_, error);
  if (error) return "";
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (std::find(replaceable_.begin(), replaceable_.end(), name) == replaceable_.end()) {
      return name;
    }
  }
  return "";
}

void ResultDirectory::check_not_present() const {
  std::error_code error;
  if (!fs::is_directory(target_, error)) return;
  if (!overwrite_) {
    for (const std::string& name : names_) {
      if (fs::exists(target_ / name, error)) {
        throw problem_with(
            shown_path(name),
            "already exists; refusing to overwrite a result (use --force to replace it)");
      }
    }
  }
  const std::string foreign = foreign_entry();
  if (!foreign.empty()) {
    throw problem_with(shown_, "holds " + io::quoted(foreign) +
                                   ", which is not part of an lmsim result; a result goes into a "
                                   "new or empty directory, or replaces an earlier result");
  }
}

fs::path ResultDirectory::staging_path(const std::string& name) const {
  if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
    throw std::logic_error("ResultDirectory: " + name + " was not declared");
  }
  return staging_ / name;
}

std::string ResultDirectory::shown_path(const std::string& name) const {
  return (shown_ / name).string();
}

void ResultDirectory::write(const std::string& name, std::string_view content) const {
  write_whole_file(staging_path(name), content, shown_path(name));
}

void ResultDirectory::rethrow_with_final_names() const {
  try {
    throw;
  } catch (const Hdf5Error& error) {
    for (const std::string& name : names_) {
      if (error.file() == (staging_ / name).string()) {
        throw Hdf5Error(shown_path(name), error.object(), error.problem());
      }
    }
    throw;
  } catch (const InputError& error) {
    for (const std::string& name : names_) {
      if (error.location().file == (staging_ / name).string()) {
        InputLocation location = error.location();
        location.file = shown_path(name);
        throw InputError(location, error.problem());
      }
    }
    throw;
  }
}

void ResultDirectory::commit() {
  std::error_code error;
  for (const std::string& name : names_) {
    if (fs::exists(staging_ / name, error)) sync_to_disk(staging_ / name, shown_path(name));
  }
  sync_to_disk(staging_, shown_.string());
  fs::path replaced;
  {
    const TerminationSignalsBlocked blocked;
    check_not_present();
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
      const int refused = errno;
      if (refused != ENOTEMPTY && refused != EEXIST) {
        throw problem_with(shown_, "cannot move the result into place: " + system_error(refused));
      }
      // An earlier result: check_not_present let it through, so it may be replaced.
      if (!overwrite_) {
        throw problem_with(shown_,
                           "already holds a result; refusing to overwrite it (use --force "
                           "to replace it)");
      }
      if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) ==
          0) {
        replaced = staging_;  // the earlier result, now under the staging name
      } else {
        // No atomic exchange on this file system: move the old result aside first.
        const fs::path aside = target_.parent_path() / aside_name(target_.filename().string());
        if (std::rename(target_.c_str(), aside.c_str()) != 0) {
          throw problem_with(shown_,
                             "cannot move the earlier result aside: " + system_error(errno));
        }
        if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
          const int failed = errno;
          std::rename(aside.c_str(), target_.c_str());
          throw problem_with(shown_, "cannot move the result into place: " + system_error(failed));
        }
        replaced = aside;
      }
    }
    committed_ = true;
    cleanup_.release();
  }
  sync_directory(target_.parent_path());
  if (!replaced.empty()) fs::remove_all(replaced, error);
}

// ---------------------------------------------------------------------------------------------
// ResultFile

ResultFile::ResultFile(const fs::path& file, bool overwrite) : shown_(file), overwrite_(overwrite) {
  target_ = fs::absolute(file).lexically_normal();
  if (!target_.has_filename()) throw problem_with(shown_, "needs a file name, not a directory");
  const fs::path parent = target_.parent_path();
  created_ = create_parent(parent, shown_);
  try {
    remove_stale_temporaries(parent);
    std::error_code error;
    if (fs::is_directory(target_, error)) throw problem_with(shown_, "is a directory");
    check_not_present();
  } catch (...) {
    remove_created(parent, created_);
    throw;
  }
  staging_ = parent / staging_name(target_.filename().string());
  cleanup_.watch(staging_, {});
}

ResultFile::~ResultFile() {
  if (committed_) return;
  cleanup_.release();
  std::error_code ignored;
  fs::remove(staging_, ignored);
  remove_created(target_.parent_path(), created_);
}

void ResultFile::check_not_present() const {
  std::error_code error;
  if (!overwrite_ && fs::exists(target_, error)) {
    throw problem_with(
        shown_, "already exists; refusing to overwrite a result (use --force to replace it)");
  }
}

void ResultFile::write(std::string_view content) const {
  write_whole_file(staging_, content, shown_.string());
}

void ResultFile::rethrow_with_final_name() const {
  try {
    throw;
  } catch (const Hdf5Error& error) {
    if (error.file() == staging_.string()) {
      throw Hdf5Error(shown_.string(), error.object(), error.problem());
    }
    throw;
  } catch (const InputError& error) {
    if (error.location().file == staging_.string()) {
      InputLocation location = error.location();
      location.file = shown_.string();
      throw InputError(location, error.problem());
    }
    throw;
  }
}

void ResultFile::commit() {
  sync_to_disk(staging_, shown_.string());
  {
    const TerminationSignalsBlocked blocked;
    check_not_present();
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
      throw problem_with(shown_, "cannot move the result into place: " + system_error(errno));
    }
    committed_ = true;
    cleanup_.release();
  }
  sync_directory(target_.parent_path());
}

ResultFileSet::ResultFileSet(const fs::path& directory, const std::vector<std::string>& names,
                             bool overwrite)
    : names_(names) {
  for (const std::string& name : names_) {
    files_.push_back(std::make_unique<ResultFile>(directory / name, overwrite));
  }
}

ResultFileSet::~ResultFileSet() {
  while (!files_.empty()) files_.pop_back();
}

const ResultFile& ResultFileSet::file(const std::string& name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end()) throw std::logic_error("ResultFileSet: " + name + " was not declared");
  return *files_[static_cast<std::size_t>(found - names_.begin())];
}

fs::path ResultFileSet::staging_path(const std::string& name) const {
  return file(name).staging_path();
}

void ResultFileSet::write(const std::string& name, std::string_view content) const {
  file(name).write(content);
}

void ResultFileSet::commit() {
  for (const auto& result : files_) result->commit();
}

}  // namespace lmsim::sim::io
