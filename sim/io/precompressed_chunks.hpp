#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
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

  /// The first chunks of a 1-D dataset, compressed before its last values were known
  /// (GrowingColumns): chunks[i] holds its rows [i·r, (i + 1)·r), r = hdf5_dataset_chunk's
  /// rows for the element type under Hdf5Compression{}, and checksums[i] is the CRC-32 of those
  /// rows' bytes as they were compressed.
  void add_leading(std::string path, Hdf5Type type, std::uint64_t rows_per_chunk,
                   std::vector<CompressedChunk> chunks, std::vector<std::uint32_t> checksums);

  /// The leading chunks of 1-D dataset `path` and the rows they hold, when its type and
  /// compression are theirs, it has at least those rows and each chunk's rows of `data` still
  /// have the checksum they were compressed with; {nullptr, 0} otherwise. The writer compresses
  /// the rows after them.
  struct Leading {
    const std::vector<CompressedChunk>* chunks = nullptr;
    std::uint64_t rows = 0;
  };
  Leading leading(std::string_view path, Hdf5Type type, const void* data,
                  std::span<const std::uint64_t> dims, Hdf5Compression compression) const;

  /// How many datasets are held (whole or leading chunks).
  std::size_t size() const { return datasets_.size() + leading_.size(); }

 private:
  struct LeadingDataset {
    Hdf5Type type;
    std::uint64_t rows_per_chunk;
    std::vector<CompressedChunk> chunks;
    std::vector<std::uint32_t> checksums;
  };

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
  std::map<std::string, LeadingDataset, std::less<>> leading_;
};

/// Compresses the complete chunks of growing 1-D columns on a thread of its own while they grow
/// (a run's market series and trade tape, appended to from its first instant to its last), so
/// that only their last chunk is left to compress when the file is written. The thread runs at
/// idle priority (Linux SCHED_IDLE): it takes a core only when nothing else wants it, such as
/// the core the baseline run leaves once it ends, and never slows the run down. The chunks are
/// those Hdf5Writer::write(path, column, units, Hdf5Compression{}) would write
/// (PrecompressedChunks::add_leading). Polled from the thread that appends, between appends; each
/// complete chunk is copied out, so the columns may move in memory as they grow. Throws
/// std::system_error when the thread cannot start.
class GrowingColumns {
 public:
  GrowingColumns();
  /// Stops the thread; what it had not compressed is dropped.
  ~GrowingColumns();
  GrowingColumns(const GrowingColumns&) = delete;
  GrowingColumns& operator=(const GrowingColumns&) = delete;

  /// Follows `column` (a std::vector of numbers that only grows by appending, which must outlive
  /// the following) as dataset `path` ("/group/name").
  template <Hdf5Number T>
  void follow(std::string path, const std::vector<T>& column) {
    add_column(std::move(path), hdf5_type_of<T>(), sizeof(T), [&column] {
      return std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(column.data()),
                                            column.size() * sizeof(T));
    });
  }

  /// Queues the chunks of the followed columns completed since the last poll, as long as the
  /// copies waiting for the thread stay under kMaxWaitingBytes (the rest wait in their columns).
  void poll();

  /// The bound on the chunk copies waiting to be compressed: 16 MiB (64 chunks).
  static constexpr std::size_t kMaxWaitingBytes = std::size_t{16} << 20;

  /// Compresses every chunk queued so far before returning, the thread at normal priority from
  /// then on (so that what finish() adds does not depend on how busy the machine was).
  void drain();

  /// Drops the chunks still waiting (the writer compresses them), waits for the one being
  /// compressed and adds each column's compressed chunks, a prefix of its chunks, to `chunks`
  /// (add_leading); stops following. A column whose compression failed is left out (the writer
  /// compresses it and reports the failure).
  void finish(PrecompressedChunks& chunks);

 private:
  struct Column;
  struct Job;
  struct Shared;

  void add_column(std::string path, Hdf5Type type, std::size_t element_size,
                  std::function<std::span<const unsigned char>()> bytes);

  std::vector<Column> columns_;
  std::unique_ptr<Shared> shared_;
};

}  // namespace lmsim::sim::io
