#include "sim/io/zlib_codec.hpp"

#include <libdeflate.h>

#include <memory>
#include <new>
#include <stdexcept>

namespace lmsim::sim::io {

ZlibCompressor::ZlibCompressor(int level) {
  if (level < 1 || level > 12) throw std::invalid_argument("ZlibCompressor: level 1-12");
  compressor_ = libdeflate_alloc_compressor(level);
  if (compressor_ == nullptr) throw std::bad_alloc();
}

ZlibCompressor::~ZlibCompressor() {
  libdeflate_free_compressor(compressor_);
}

void ZlibCompressor::compress(std::span<const unsigned char> in, std::vector<unsigned char>& out) {
  // Compressed into a buffer kept from call to call, then copied out at its size: sizing `out`
  // to the bound would zero (and fault in) more than the input's size for every chunk.
  const std::size_t bound = libdeflate_zlib_compress_bound(compressor_, in.size());
  if (bound > bound_size_) {
    bound_ = std::make_unique_for_overwrite<unsigned char[]>(bound);
    bound_size_ = bound;
  }
  // The bound is what the stored (uncompressed) blocks need: compression cannot fail to fit.
  const std::size_t size =
      libdeflate_zlib_compress(compressor_, in.data(), in.size(), bound_.get(), bound);
  if (size == 0) throw std::logic_error("libdeflate: compressed data larger than its bound");
  out.assign(bound_.get(), bound_.get() + size);
}

ZlibDecompressor::ZlibDecompressor() : decompressor_(libdeflate_alloc_decompressor()) {
  if (decompressor_ == nullptr) throw std::bad_alloc();
}

ZlibDecompressor::~ZlibDecompressor() {
  libdeflate_free_decompressor(decompressor_);
}

bool ZlibDecompressor::decompress(std::span<const unsigned char> in, std::span<unsigned char> out) {
  std::size_t produced = 0;
  const libdeflate_result result = libdeflate_zlib_decompress(decompressor_, in.data(), in.size(),
                                                              out.data(), out.size(), &produced);
  return result == LIBDEFLATE_SUCCESS && produced == out.size();
}

std::uint32_t crc32(std::uint32_t crc, std::span<const unsigned char> bytes) {
  return libdeflate_crc32(crc, bytes.data(), bytes.size());
}

}  // namespace lmsim::sim::io
