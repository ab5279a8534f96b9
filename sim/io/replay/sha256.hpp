#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

// OpenSSL's digest context (EVP_MD_CTX), declared here so that this header does not pull in
// OpenSSL's headers: libcrypto is a private dependency of lmsim_io.
struct evp_md_ctx_st;

namespace lmsim::sim::replay {

/// SHA-256 (FIPS 180-4) of a byte stream, fed in pieces of any size. lmsim records the checksum
/// of every input file in the market files it writes, so a market file names exactly the bytes it
/// was converted from (`sha256sum FILE` gives the same hex text). The digest is computed by
/// OpenSSL's libcrypto (the EVP interface): a widely reviewed, maintained and hardware-accelerated
/// implementation rather than hand-written cryptographic code; the tests still check it against
/// the FIPS test vectors.
///
/// Move-only (it owns an OpenSSL context); a moved-from object may only be assigned or destroyed.
/// Every member throws std::runtime_error naming the failing OpenSSL call if libcrypto reports an
/// error (out of memory, or SHA-256 disabled by the OpenSSL configuration).
class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  /// Adds `bytes` to the message.
  void update(std::span<const std::byte> bytes);
  void update(std::string_view text) { update(std::as_bytes(std::span(text))); }
  /// The digest of everything added; the object is reset to an empty message afterwards.
  std::array<std::uint8_t, 32> finish();
  /// finish() as 64 lowercase hex digits.
  std::string finish_hex();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };

  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

/// The SHA-256 of the bytes of the file at `path` (as stored: a gzip file's compressed bytes),
/// as 64 lowercase hex digits, read in 1 MiB chunks. Throws InputError ("cannot open file: …" /
/// "cannot read file: …") when it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace lmsim::sim::replay
