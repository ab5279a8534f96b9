#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/chunk_compressor.hpp"
#include "sim/io/hdf5_file.hpp"

namespace lmsim::sim::io {

/// Datasets' chunks compressed before the file is written, so that the compression runs where a
/// core is free: a run's baseline market is complete long before the run itself, and its chunks
/// (about a third of a week's results.h5) are compressed on the thread that simulated it while
/// the run goes on. Hdf5Writer::use_precompressed writes a dataset from its chunks when find()
/// matches it; the file is then byte-identical to one written without them (compress_chunks
/// filters exactly as HDF5's pipeline does), and any dataset not matched is compressed as usual.
/// Filled from one thread, then read by the writer's.
class PrecompressedChunks {
 public:
  /// Compresses the 1-D dataset `path` ("/group/name", as Hdf5Writer spells paths) that
  /// Hdf5Writer::write(path, values, units, compression) would write, on up to `threads`
  /// threads. `values` must stay where it is, unchanged, until the file is written: find()
  /// matches on its address. Nothing is kept for a dataset stored contiguously (no compression,
  /// no values).
  template <std::ranges::contiguous_range R>
  requires Hdf5Number<std::ranges::range_value_t<R>>
  void add(std::string path, const R& values, Hdf5Compression compression, unsigned threads) {
    using T = std::ranges::range_value_t<R>;
    const std::uint64_t dims[] = {std::ranges::size(values)};
    add_dataset(std::move(path), hdf5_type_of<T>(), sizeof(T), std::ranges::data(values), dims,
                compression, threads);
  }

  /// The same for the 2-D dataset Hdf5Writer::write_matrix(path, values, rows, columns, units,
  /// compression) would write (rows × columns must be the size of `values`).
  template <std::ranges::contiguous_range R>
  requires Hdf5Number<std::ranges::range_value_t<R>>
  void add_matrix(std::string path, const R& values, std::size_t rows, std::size_t columns,
                  Hdf5Compression compression, unsigned threads) {
    using T = std::ranges::range_value_t<R>;
    if (std::ranges::size(values) != rows * columns) return;  // the writer reports it
    const std::uint64_t dims[] = {rows, columns};
    add_dataset(std::move(path), hdf5_type_of<T>(), sizeof(T), std::ranges::data(values), dims,
                compression, threads);
  }

  /// The chunks of dataset `path` when they were compressed from the same `data` address, type,
  /// shape and compression; null otherwise.
  const std::vector<CompressedChunk>* find(std::string_view path, Hdf5Type type, const void* data,
                                           std::span<const std::uint64_t> dims,
                                           Hdf5Compression compression) const;

  /// How many datasets are held.
  std::size_t size() const { return datasets_.size(); }

 private:
  struct Dataset {
    Hdf5Type type;
    const void* data;
    std::vector<std::uint64_t> dims;
    Hdf5Compression compression;
    std::vector<CompressedChunk> chunks;
  };

  void add_dataset(std::string path, Hdf5Type type, std::size_t element_size, const void* data,
                   std::span<const std::uint64_t> dims, Hdf5Compression compression,
                   unsigned threads);

  std::map<std::string, Dataset, std::less<>> datasets_;
};

}  // namespace lmsim::sim::io
