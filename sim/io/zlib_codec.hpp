#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

struct libdeflate_compressor;
struct libdeflate_decompressor;

namespace lmsim::sim::io {

// Whole-buffer compression in the zlib format (RFC 1950: a deflate stream with an Adler-32
// trailer) — what HDF5's deflate filter stores for one chunk, and what zlib's compress2 and
// uncompress write and read. lmsim's chunks are whole buffers of at most a few MiB, so it uses
// libdeflate, which compresses and decompresses whole buffers two to three times faster than
// zlib's streaming code; zlib stays for gzip streams (replay/input_file).

/// Compresses whole buffers at one level. Holds libdeflate's working memory (about 0.5–1 MiB),
/// reused for every buffer: keep one per thread.
class ZlibCompressor {
 public:
  /// level in [1, 12] (libdeflate's levels; 1–9 mean what they mean to zlib, in speed and ratio
  /// roughly); std::invalid_argument otherwise, std::bad_alloc when the memory is not there.
  explicit ZlibCompressor(int level);
  ~ZlibCompressor();
  ZlibCompressor(const ZlibCompressor&) = delete;
  ZlibCompressor& operator=(const ZlibCompressor&) = delete;

  /// Replaces `out` with `in` compressed (any zlib decoder reads it back). Deterministic: the
  /// same bytes and level give the same output, whatever the thread.
  void compress(std::span<const unsigned char> in, std::vector<unsigned char>& out);

 private:
  libdeflate_compressor* compressor_;
  std::unique_ptr<unsigned char[]> bound_;  ///< the output buffer, reused; bound_size_ bytes
  std::size_t bound_size_ = 0;
};

/// Decompresses whole zlib-format buffers whose decompressed size is known in advance.
class ZlibDecompressor {
 public:
  ZlibDecompressor();  ///< std::bad_alloc when the memory is not there
  ~ZlibDecompressor();
  ZlibDecompressor(const ZlibDecompressor&) = delete;
  ZlibDecompressor& operator=(const ZlibDecompressor&) = delete;

  /// Decompresses `in` into `out`; true when `in` is a valid zlib stream (its Adler-32 checked)
  /// of exactly out.size() bytes, false when it is corrupt, shorter or longer (`out` is then
  /// unspecified).
  [[nodiscard]] bool decompress(std::span<const unsigned char> in, std::span<unsigned char> out);

 private:
  libdeflate_decompressor* decompressor_;
};

/// CRC-32 (zlib's crc32, the ISO-HDLC polynomial) of `bytes`, continuing from `crc` (0 to start).
std::uint32_t crc32(std::uint32_t crc, std::span<const unsigned char> bytes);

}  // namespace lmsim::sim::io
