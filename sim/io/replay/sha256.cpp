#include "sim/io/replay/sha256.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::replay {

namespace {

// Throws std::runtime_error for a failed OpenSSL call, with libcrypto's own reason when it left
// one on its error queue (the queue is emptied so later calls do not report a stale error).
[[noreturn]] void throw_openssl_error(const char* call) {
  std::string message = std::string("sha256: ") + call + " failed";
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += std::string(": ") + reason;
  }
  ERR_clear_error();
  throw std::runtime_error(message);
}

void start_message(EVP_MD_CTX* context) {
  if (EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1)
    throw_openssl_error("EVP_DigestInit_ex");
}

// Closes a file descriptor on every path out of sha256_file_hex, exceptions included.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

void Sha256::ContextDeleter::operator()(evp_md_ctx_st* context) const noexcept {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw_openssl_error("EVP_MD_CTX_new");
  start_message(context_.get());
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(std::span<const std::byte> bytes) {
  if (bytes.empty()) return;
  if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1)
    throw_openssl_error("EVP_DigestUpdate");
}

std::array<std::uint8_t, 32> Sha256::finish() {
  std::array<std::uint8_t, 32> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context_.get(), digest.data(), &size) != 1)
    throw_openssl_error("EVP_DigestFinal_ex");
  if (size != digest.size())
    throw std::runtime_error("sha256: EVP_DigestFinal_ex gave a " + std::to_string(size) +
                             "-byte digest, not 32");
  start_message(context_.get());
  return digest;
}

std::string Sha256::finish_hex() {
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(64);
  for (const std::uint8_t byte : finish()) {
    text += kHex[byte >> 4];
    text += kHex[byte & 0xf];
  }
  return text;
}

std::string sha256_file_hex(const std::string& path) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int error = errno;
    throw io::InputError({path, 0, 0, ""},
                         std::string("cannot open file: ") + std::strerror(error));
  }
  Sha256 hash;
  std::vector<std::byte> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw io::InputError({path, 0, 0, ""},
                           std::string("cannot read file: ") + std::strerror(error));
    }
    if (got == 0) break;
    hash.update(std::span(buffer).first(static_cast<std::size_t>(got)));
  }
  return hash.finish_hex();
}

}  // namespace lmsim::sim::replay
