#include "sim/io/precompressed_chunks.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace lmsim::sim::io {

void PrecompressedChunks::add_dataset(std::string path, Hdf5Type type, std::size_t element_size,
                                      const void* data, std::span<const std::uint64_t> dims,
                                      Hdf5Compression compression, unsigned threads) {
  // Numbers are stored little-endian: on a big-endian machine the writer converts them through
  // HDF5 rather than writing chunks, so there is nothing to prepare.
  if constexpr (std::endian::native != std::endian::little) return;
  const std::vector<std::uint64_t> chunk = hdf5_dataset_chunk(element_size, dims, compression);
  if (chunk.empty()) return;
  Dataset dataset{type, data, {dims.begin(), dims.end()}, compression, {}};
  dataset.chunks = compress_chunks(data, element_size, dims, chunk, compression.shuffle,
                                   compression.deflate_level, threads);
  datasets_.insert_or_assign(std::move(path), std::move(dataset));
}

const std::vector<CompressedChunk>* PrecompressedChunks::find(std::string_view path, Hdf5Type type,
                                                              const void* data,
                                                              std::span<const std::uint64_t> dims,
                                                              Hdf5Compression compression) const {
  const auto found = datasets_.find(path);
  if (found == datasets_.end()) return nullptr;
  const Dataset& dataset = found->second;
  if (dataset.type != type || dataset.data != data || dataset.compression != compression ||
      !std::ranges::equal(dataset.dims, dims)) {
    return nullptr;
  }
  return &dataset.chunks;
}

}  // namespace lmsim::sim::io
