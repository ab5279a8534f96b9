#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lmsim::sim::io {

/// One chunk of a dataset, filtered as HDF5's shuffle and deflate filters would filter it.
struct CompressedChunk {
  std::vector<std::uint64_t> offset;  ///< the chunk's first element, per dimension
  std::vector<unsigned char> bytes;   ///< what the file stores for it
};

/// Cuts a row-major array of `dims` elements of `element_size` bytes (1-D or 2-D) into chunks of
/// `chunk` elements, in HDF5's chunk order (row-major over the chunk grid), and filters each as
/// HDF5 1.10's pipeline does: the chunk is zero-padded to its full shape (the dataset's zero
/// fill value), byte-shuffled when `shuffle` (H5Z_FILTER_SHUFFLE) and deflated at `level`
/// (H5Z_FILTER_DEFLATE's zlib format, by ZlibCompressor). A file written from these chunks with
/// H5Dwrite_chunk holds the data H5Dwrite would have written, and any HDF5 reads it with its own
/// filters; the compressed bytes are libdeflate's, not zlib's. The chunks are compressed on up to
/// `threads` threads (deflate is most of the time of writing a large results file).
/// Requires level in [1, 9], 1 or 2 dims and chunk shapes of the same rank, all positive;
/// std::invalid_argument otherwise.
std::vector<CompressedChunk> compress_chunks(const void* data, std::size_t element_size,
                                             std::span<const std::uint64_t> dims,
                                             std::span<const std::uint64_t> chunk, bool shuffle,
                                             int level, unsigned threads);

}  // namespace lmsim::sim::io
