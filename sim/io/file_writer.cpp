#include "sim/io/file_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::io {

namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 16;

}  // namespace

FileWriter::FileWriter(const std::filesystem::path& path, std::string shown)
    : shown_(std::move(shown)) {
  descriptor_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (descriptor_ < 0) fail("cannot create", errno);
  buffer_.reserve(kBufferBytes);
}

FileWriter::~FileWriter() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void FileWriter::fail(const char* what, int error) const {
  throw InputError({shown_, 0, 0, ""}, std::string(what) + ": " + std::strerror(error));
}

void FileWriter::write(std::string_view text) {
  if (buffer_.size() + text.size() > kBufferBytes) flush();
  if (text.size() >= kBufferBytes) {
    buffer_ = text;
    flush();
    return;
  }
  buffer_ += text;
}

void FileWriter::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t written = ::write(descriptor_, buffer_.data() + done, buffer_.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", errno);
    }
    done += static_cast<std::size_t>(written);
  }
  buffer_.clear();
}

void FileWriter::close() {
  if (descriptor_ < 0) return;
  flush();
  if (::fsync(descriptor_) != 0) fail("cannot write", errno);
  const int descriptor = descriptor_;
  descriptor_ = -1;
  if (::close(descriptor) != 0) fail("cannot write", errno);
}

void write_whole_file(const std::filesystem::path& path, std::string_view content,
                      const std::string& shown) {
  FileWriter file(path, shown);
  file.write(content);
  file.close();
}

void sync_to_disk(const std::filesystem::path& path, const std::string& shown) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    throw InputError({shown, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
  }
  const int status = ::fsync(descriptor);
  const int error = errno;
  ::close(descriptor);
  // Some file systems cannot sync a directory; that is no failure of the data.
  if (status != 0 && error != EINVAL && error != EROFS) {
    throw InputError({shown, 0, 0, ""}, std::string("cannot write: ") + std::strerror(error));
  }
}

}  // namespace lmsim::sim::io
