#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace lmsim::sim::io {

/// Writes one file through a buffer with plain POSIX calls, so that a failure is reported with
/// the operating system's own reason: an InputError `NAME: cannot write: No space left on device`
/// (or "File too large", "Input/output error"…), where NAME is what the user knows the file as
/// (a result's final path rather than its staging path). close() writes what is buffered and
/// syncs the file to the disk, where a full disk may only show up; a writer destroyed without
/// close() just releases the file.
class FileWriter {
 public:
  /// Creates (or truncates) `path`, mode 0644 less the umask; `shown` names it in errors.
  FileWriter(const std::filesystem::path& path, std::string shown);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void write(std::string_view text);
  FileWriter& operator<<(std::string_view text) {
    write(text);
    return *this;
  }
  FileWriter& operator<<(char c) {
    write(std::string_view(&c, 1));
    return *this;
  }
  /// Writes the buffer, syncs and closes; throws InputError when any of it fails.
  void close();

 private:
  void flush();
  [[noreturn]] void fail(const char* what, int error) const;

  int descriptor_ = -1;
  std::string shown_;
  std::string buffer_;
};

/// Writes `content` as the whole file `path` (see FileWriter).
void write_whole_file(const std::filesystem::path& path, std::string_view content,
                      const std::string& shown);

/// Syncs the file or directory at `path` to the disk (fsync); throws InputError naming `shown`
/// with the operating system's reason when that fails.
void sync_to_disk(const std::filesystem::path& path, const std::string& shown);

}  // namespace lmsim::sim::io
