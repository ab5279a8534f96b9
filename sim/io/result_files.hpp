#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/temporaries.hpp"

namespace lmsim::sim::io {

// A command's result appears whole or not at all: it is written under a hidden staging name
// beside where it belongs and moved into place by one rename once every file is complete and on
// the disk, so no reader — another lmsim, a script, a person — ever sees a half-written file or
// the files of two runs side by side. Existing results are refused before any work is done
// unless overwriting was asked for. A failed command removes what it staged, a termination
// signal too (see temporaries.hpp), and what a killed process left is removed by the next
// command writing beside it. Errors while writing name the file as the user knows it (its final
// path) with the operating system's reason: `out/r/results.h5: cannot write: No space left on
// device`. Every failure is an InputError (exit status 2).

/// A result that is a whole directory: `lmsim run`'s results.h5 and summary.json (and its score
/// inputs), `lmsim score`'s three files. The files are written into `.DIR.tmp-PID-N` beside DIR,
/// and commit() renames that directory to DIR:
/// - DIR absent or empty: it simply becomes the result;
/// - DIR holding a result (nothing but names in `replaceable`, which includes `names`): kept
///   unless `overwrite`, else swapped with the new one in one atomic step (renameat2
///   RENAME_EXCHANGE; where the file system lacks it, moved aside, the new one moved in — a
///   moment without DIR, never a mixture) and removed;
/// - DIR holding anything else is never replaced: an InputError names one such entry.
class ResultDirectory {
 public:
  /// Checks DIR as above and creates the staging directory (and DIR's missing parents). Throws
  /// InputError when DIR is a file, holds foreign entries, or holds one of `names` without
  /// `overwrite` ("DIR/results.h5: already exists; refusing to overwrite a result (use --force to
  /// replace it)").
  ResultDirectory(const std::filesystem::path& directory, std::vector<std::string> names,
                  bool overwrite, std::vector<std::string> replaceable = {});
  ~ResultDirectory();
  ResultDirectory(const ResultDirectory&) = delete;
  ResultDirectory& operator=(const ResultDirectory&) = delete;

  /// Where to write `name` before the commit (for writers that need a path, such as HDF5).
  std::filesystem::path staging_path(const std::string& name) const;
  /// The final path of `name`, as errors show it (DIR as given, then the name).
  std::string shown_path(const std::string& name) const;
  /// Writes `content` as `name`.
  void write(const std::string& name, std::string_view content) const;
  /// Runs `produce`, which writes staged files through staging_path(); an InputError or
  /// Hdf5Error it throws about a staged file is rethrown naming the file's final path.
  template <typename Produce>
  decltype(auto) produce(Produce&& produce) const {
    try {
      return produce();
    } catch (...) {
      rethrow_with_final_names();
    }
  }
  /// Syncs every staged file and moves the directory into place (see the class).
  void commit();

  /// DIR as given.
  const std::filesystem::path& directory() const { return shown_; }

 private:
  [[noreturn]] void rethrow_with_final_names() const;
  void check_target();
  /// The first entry of target_ that is not in replaceable_, or "".
  std::string foreign_entry() const;
  void check_not_present() const;

  std::filesystem::path shown_;    // as given
  std::filesystem::path target_;   // absolute
  std::filesystem::path staging_;  // .DIR.tmp-PID-N beside target_
  std::filesystem::path created_;  // the outermost parent this made ("" when none), see above
  std::vector<std::string> names_;
  std::vector<std::string> replaceable_;
  bool overwrite_;
  bool committed_ = false;
  SignalCleanup cleanup_;
};

/// A result that is one file: `lmsim convert`'s market file, `lmsim report`'s HTML. It is written
/// as `.NAME.tmp-PID-N` in the file's directory (created if missing) and renamed over NAME by
/// commit(); an existing NAME is kept unless `overwrite`.
class ResultFile {
 public:
  /// Throws InputError when the path names a directory, or an existing file without
  /// `overwrite` ("FILE: already exists; refusing to overwrite a result (use --force to replace
  /// it)").
  ResultFile(const std::filesystem::path& file, bool overwrite);
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  const std::filesystem::path& staging_path() const { return staging_; }
  void write(std::string_view content) const;
  /// As ResultDirectory::produce.
  template <typename Produce>
  decltype(auto) produce(Produce&& produce) const {
    try {
      return produce();
    } catch (...) {
      rethrow_with_final_name();
    }
  }
  /// Syncs the staged file and renames it into place.
  void commit();

  /// The file as given.
  const std::filesystem::path& file() const { return shown_; }

 private:
  [[noreturn]] void rethrow_with_final_name() const;
  void check_not_present() const;

  std::filesystem::path shown_;
  std::filesystem::path target_;
  std::filesystem::path staging_;
  std::filesystem::path created_;  // the outermost parent this made ("" when none)
  bool overwrite_;
  bool committed_ = false;
  SignalCleanup cleanup_;
};

/// Several one-file results in a directory that holds other things too — a sweep's journal and
/// kept runs beside sweep.h5 and sweep.csv — so the directory cannot be swapped whole: each
/// file is a ResultFile, all refused up front when present without `overwrite`, and committed
/// one after the other once all are written.
class ResultFileSet {
 public:
  ResultFileSet(const std::filesystem::path& directory, const std::vector<std::string>& names,
                bool overwrite);
  /// Uncommitted files are removed last first, so the directory the first one made goes too.
  ~ResultFileSet();
  ResultFileSet(const ResultFileSet&) = delete;
  ResultFileSet& operator=(const ResultFileSet&) = delete;

  /// Where to write `name` before the commit; `name` must be one of the set's names.
  std::filesystem::path staging_path(const std::string& name) const;
  void write(const std::string& name, std::string_view content) const;
  void commit();

 private:
  const ResultFile& file(const std::string& name) const;

  std::vector<std::string> names_;
  std::vector<std::unique_ptr<ResultFile>> files_;
};

}  // namespace lmsim::sim::io
