#include "sim/io/chunk_compressor.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>

#include "sim/io/zlib_codec.hpp"

namespace lmsim::sim::io {

namespace {

struct Grid {
  std::uint64_t rows = 1;     ///< dataset rows
  std::uint64_t columns = 1;  ///< dataset columns (1 for 1-D)
  std::uint64_t chunk_rows = 1;
  std::uint64_t chunk_columns = 1;  ///< 1 for 1-D
  std::uint64_t grid_columns = 1;   ///< chunks across
  std::size_t count = 0;            ///< chunks in all
};

// Gathers chunk `index` (zero-padded), shuffles and deflates it into `out`. `scratch` holds the
// gathered chunk, `shuffled` its shuffled bytes; both are reused from chunk to chunk. A whole
// chunk whose rows are contiguous in `data` (1-D, or as wide as the dataset) is read in place.
void compress_one(const unsigned char* data, std::size_t element_size, const Grid& grid,
                  std::size_t index, bool shuffle, ZlibCompressor& deflater, CompressedChunk& out,
                  std::vector<unsigned char>& scratch, std::vector<unsigned char>& shuffled) {
  const std::uint64_t first_row = index / grid.grid_columns * grid.chunk_rows;
  const std::uint64_t first_column = index % grid.grid_columns * grid.chunk_columns;
  const std::size_t chunk_elements = grid.chunk_rows * grid.chunk_columns;
  const std::size_t chunk_bytes = chunk_elements * element_size;
  const std::uint64_t rows = std::min(grid.chunk_rows, grid.rows - first_row);
  const std::uint64_t columns = std::min(grid.chunk_columns, grid.columns - first_column);
  const bool whole = rows == grid.chunk_rows && columns == grid.chunk_columns;
  const unsigned char* source = data + first_row * grid.columns * element_size;
  if (!whole || grid.chunk_columns != grid.columns) {
    // Only a partial chunk has padding to zero; a whole one overwrites every byte.
    if (whole) {
      scratch.resize(chunk_bytes);
    } else {
      scratch.assign(chunk_bytes, 0);
    }
    for (std::uint64_t r = 0; r < rows; ++r) {
      const unsigned char* from =
          data + ((first_row + r) * grid.columns + first_column) * element_size;
      std::memcpy(scratch.data() + r * grid.chunk_columns * element_size, from,
                  columns * element_size);
    }
    source = scratch.data();
  }
  if (shuffle && element_size > 1) {
    // H5Z_FILTER_SHUFFLE: byte j of every element together, for j = 0 … size − 1.
    shuffled.resize(chunk_bytes);
    for (std::size_t j = 0; j < element_size; ++j) {
      unsigned char* to = shuffled.data() + j * chunk_elements;
      for (std::size_t i = 0; i < chunk_elements; ++i) to[i] = source[i * element_size + j];
    }
    source = shuffled.data();
  }
  deflater.compress({source, chunk_bytes}, out.bytes);
}

}  // namespace

std::vector<CompressedChunk> compress_chunks(const void* data, std::size_t element_size,
                                             std::span<const std::uint64_t> dims,
                                             std::span<const std::uint64_t> chunk, bool shuffle,
                                             int level, unsigned threads) {
  if (dims.empty() || dims.size() > 2 || chunk.size() != dims.size() || element_size == 0 ||
      level < 1 || level > 9) {
    throw std::invalid_argument("compress_chunks: 1-D or 2-D data, chunks of its rank, level 1-9");
  }
  Grid grid;
  grid.rows = dims[0];
  grid.chunk_rows = chunk[0];
  if (dims.size() == 2) {
    grid.columns = dims[1];
    grid.chunk_columns = chunk[1];
  }
  if (grid.chunk_rows == 0 || grid.chunk_columns == 0) {
    throw std::invalid_argument("compress_chunks: chunk dimensions must be positive");
  }
  grid.grid_columns = (grid.columns + grid.chunk_columns - 1) / grid.chunk_columns;
  const std::uint64_t grid_rows = (grid.rows + grid.chunk_rows - 1) / grid.chunk_rows;
  grid.count = static_cast<std::size_t>(grid_rows * grid.grid_columns);

  std::vector<CompressedChunk> chunks(grid.count);
  for (std::size_t i = 0; i < grid.count; ++i) {
    const std::uint64_t row = i / grid.grid_columns * grid.chunk_rows;
    const std::uint64_t column = i % grid.grid_columns * grid.chunk_columns;
    chunks[i].offset = dims.size() == 2 ? std::vector<std::uint64_t>{row, column}
                                        : std::vector<std::uint64_t>{row};
  }
  const auto* bytes = static_cast<const unsigned char*>(data);
  // Chunks are handed out one at a time: each is written to its own slot, so the result does
  // not depend on which thread compressed which.
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  const auto work = [&] {
    std::vector<unsigned char> scratch;
    std::vector<unsigned char> shuffled;
    try {
      ZlibCompressor deflater(level);
      for (std::size_t i = next++; i < grid.count && !failed; i = next++) {
        compress_one(bytes, element_size, grid, i, shuffle, deflater, chunks[i], scratch, shuffled);
      }
    } catch (...) {
      if (!failed.exchange(true)) failure = std::current_exception();
    }
  };
  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1u), grid.count));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  return chunks;
}

}  // namespace lmsim::sim::io
