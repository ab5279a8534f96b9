#pragma once

#include <string>
#include <string_view>

namespace lmsim::sim::io {

/// A whole file mapped read-only into memory. Parsers scan it in place, so a large CSV costs no
/// copy and no per-line allocation; the mapping is released when the object goes away.
class MappedFile {
 public:
  /// Maps `path`; throws InputError ("cannot open file: …") when it cannot be read.
  explicit MappedFile(std::string path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace lmsim::sim::io
