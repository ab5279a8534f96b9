#include "sim/io/replay/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::replay {

namespace {

constexpr unsigned kGzipBufferBytes = 256 * 1024;

gzFile as_gz(void* handle) {
  return static_cast<gzFile>(handle);
}

}  // namespace

InputFile::InputFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw io::InputError({path_, 0, 0, ""},
                         std::string("cannot open file: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd_);
    throw io::InputError({path_, 0, 0, ""}, "cannot open file: not a regular file");
  }
  unsigned char magic[2] = {0, 0};
  const ssize_t got = ::pread(fd_, magic, sizeof magic, 0);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile gz = ::gzdopen(fd_, "rb");  // takes over fd_ (closed by gzclose)
    if (gz == nullptr) {
      ::close(fd_);
      throw io::InputError({path_, 0, 0, ""}, "cannot open file: gzip state allocation failed");
    }
    ::gzbuffer(gz, kGzipBufferBytes);
    gz_ = gz;
    fd_ = -1;
  }
#ifdef POSIX_FADV_SEQUENTIAL
  if (fd_ >= 0) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

InputFile::~InputFile() {
  if (gz_ != nullptr) ::gzclose(as_gz(gz_));
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(std::span<char> buffer) {
  // Never ask for more than an int's worth: gzread takes an unsigned count but returns an int.
  const std::size_t want = std::min<std::size_t>(buffer.size(), INT_MAX / 2);
  if (want == 0) return 0;
  if (gz_ != nullptr) {
    const int got = ::gzread(as_gz(gz_), buffer.data(), static_cast<unsigned>(want));
    if (got < 0) {
      int code = Z_OK;
      const char* message = ::gzerror(as_gz(gz_), &code);
      throw io::InputError({path_, 0, 0, ""},
                           std::string("cannot read gzip data: ") + (message ? message : "error"));
    }
    if (got == 0) {
      // At the end: Z_BUF_ERROR means the input stopped inside a gzip member.
      int code = Z_OK;
      ::gzerror(as_gz(gz_), &code);
      if (code == Z_BUF_ERROR)
        throw io::InputError({path_, 0, 0, ""}, "truncated gzip data (the file ends mid-stream)");
    }
    bytes_read_ += static_cast<std::uint64_t>(got);
    return static_cast<std::size_t>(got);
  }
  while (true) {
    const ssize_t got = ::read(fd_, buffer.data(), want);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw io::InputError({path_, 0, 0, ""},
                           std::string("cannot read file: ") + std::strerror(errno));
    }
    bytes_read_ += static_cast<std::uint64_t>(got);
    return static_cast<std::size_t>(got);
  }
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace lmsim::sim::replay
