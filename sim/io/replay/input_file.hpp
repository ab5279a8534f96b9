#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace lmsim::sim::replay {

/// A file read front to back in pieces, plain or gzip-compressed. Compression is recognised by
/// the gzip magic bytes (1f 8b), not by the name, so a `.gz` name is optional and a
/// mis-named file still reads right. Concatenated gzip members read as one stream, as gzip does.
class InputFile {
 public:
  /// Opens `path`; throws InputError ("cannot open file: …") when it cannot be read.
  explicit InputFile(std::string path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// Fills `buffer` with the next uncompressed bytes; returns how many (0 only at the end).
  /// Throws InputError for read errors, corrupt gzip data and a gzip stream cut short.
  std::size_t read(std::span<char> buffer);

  const std::string& path() const { return path_; }
  bool compressed() const { return gz_ != nullptr; }
  /// Uncompressed bytes returned so far.
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::string path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile, kept opaque so that zlib.h stays out of this header
  std::uint64_t bytes_read_ = 0;
};

/// The name of the file at `path` without its directories ("data/AMZN_message.csv" →
/// "AMZN_message.csv"): how messages about a recorded file, and file-name conventions, name it.
std::string file_name(const std::string& path);

}  // namespace lmsim::sim::replay
