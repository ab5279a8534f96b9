#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lmsim::sim::replay {

/// SHA-256 (FIPS 180-4) of a byte stream, fed in pieces of any size. lmsim records the checksum
/// of every input file in the market files it writes, so a market file names exactly the bytes it
/// was converted from (`sha256sum FILE` gives the same hex text). Written here rather than taken
/// from a crypto library because lmsim needs nothing else from one; it is checked against the
/// FIPS test vectors.
class Sha256 {
 public:
  Sha256();

  /// Adds `bytes` to the message.
  void update(std::span<const std::byte> bytes);
  void update(std::string_view text) { update(std::as_bytes(std::span(text))); }
  /// The digest of everything added; the object is reset to an empty message afterwards.
  std::array<std::uint8_t, 32> finish();
  /// finish() as 64 lowercase hex digits.
  std::string finish_hex();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t length_ = 0;  // bytes added so far
};

/// The SHA-256 of the bytes of the file at `path` (as stored: a gzip file's compressed bytes),
/// as 64 lowercase hex digits. Throws InputError ("cannot open file: …" / "cannot read file: …")
/// when it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace lmsim::sim::replay
