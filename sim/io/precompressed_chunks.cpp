#include "sim/io/precompressed_chunks.hpp"

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <bit>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "sim/io/zlib_codec.hpp"

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

void PrecompressedChunks::add_leading(std::string path, Hdf5Type type, std::uint64_t rows_per_chunk,
                                      std::vector<CompressedChunk> chunks,
                                      std::vector<std::uint32_t> checksums) {
  if (chunks.empty() || chunks.size() != checksums.size() || rows_per_chunk == 0) return;
  leading_.insert_or_assign(std::move(path), LeadingDataset{type, rows_per_chunk, std::move(chunks),
                                                            std::move(checksums)});
}

PrecompressedChunks::Leading PrecompressedChunks::leading(std::string_view path, Hdf5Type type,
                                                          const void* data,
                                                          std::span<const std::uint64_t> dims,
                                                          Hdf5Compression compression) const {
  const auto found = leading_.find(path);
  if (found == leading_.end() || dims.size() != 1) return {};
  const LeadingDataset& dataset = found->second;
  const std::size_t element_size = hdf5_element_size(type);
  const std::uint64_t rows = dataset.rows_per_chunk * dataset.chunks.size();
  if (dataset.type != type || compression != Hdf5Compression{} || dims[0] < rows ||
      element_size == 0 ||
      hdf5_dataset_chunk(element_size, dims, compression) !=
          std::vector<std::uint64_t>{dataset.rows_per_chunk}) {
    return {};
  }
  const auto* bytes = static_cast<const unsigned char*>(data);
  const std::size_t chunk_bytes = dataset.rows_per_chunk * element_size;
  for (std::size_t i = 0; i < dataset.chunks.size(); ++i) {
    if (crc32(0, {bytes + i * chunk_bytes, chunk_bytes}) != dataset.checksums[i]) return {};
  }
  return {&dataset.chunks, rows};
}

// ---------------------------------------------------------------------------------------------
// GrowingColumns

struct GrowingColumns::Column {
  std::string path;
  Hdf5Type type;
  std::size_t element_size;
  std::uint64_t rows_per_chunk;
  std::function<std::span<const unsigned char>()> bytes;
  std::size_t queued = 0;  // chunks handed to the thread
  // Filled by the thread, in chunk order (the queue is first in, first out).
  std::vector<CompressedChunk> chunks;
  std::vector<std::uint32_t> checksums;
  bool failed = false;
};

struct GrowingColumns::Job {
  std::size_t column;
  std::size_t chunk;
  std::vector<unsigned char> bytes;
};

struct GrowingColumns::Shared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Job> queue;
  std::size_t waiting_bytes = 0;  // of the chunks queued or being compressed
  bool busy = false;
  bool stopping = false;
  std::thread thread;
};

GrowingColumns::GrowingColumns() : shared_(std::make_unique<Shared>()) {
  Shared& shared = *shared_;
  shared.thread = std::thread([this, &shared] {
    // Signals go to the other threads: a termination signal's handler (which removes the run's
    // temporaries) must not wait for a thread at idle priority to be scheduled.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
#ifdef __linux__
    // Compress only on a core nothing else wants: while the run and its baseline both simulate,
    // the chunks wait (copied out) rather than slow the run down. Best effort: without it the
    // thread shares the cores as any other.
    const sched_param idle{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
#endif
    std::unique_lock lock(shared.mutex);
    for (;;) {
      shared.changed.wait(lock, [&] { return shared.stopping || !shared.queue.empty(); });
      if (shared.queue.empty()) return;  // stopping, nothing left
      Job job = std::move(shared.queue.front());
      shared.queue.pop_front();
      shared.busy = true;
      Column& column = columns_[job.column];
      lock.unlock();
      // Only this thread touches a column's results until finish() has waited for it.
      if (!column.failed) {
        try {
          const std::uint64_t dims[] = {column.rows_per_chunk};
          std::vector<CompressedChunk> one =
              compress_chunks(job.bytes.data(), column.element_size, dims, dims, true,
                              Hdf5Compression{}.deflate_level, 1);
          one.front().offset = {job.chunk * column.rows_per_chunk};
          column.chunks.push_back(std::move(one.front()));
          column.checksums.push_back(crc32(0, job.bytes));
        } catch (...) {
          column.failed = true;
        }
      }
      lock.lock();
      shared.waiting_bytes -= job.bytes.size();
      shared.busy = false;
      shared.changed.notify_all();
      if (shared.stopping) return;
    }
  });
}

GrowingColumns::~GrowingColumns() {
  {
    const std::lock_guard lock(shared_->mutex);
    shared_->stopping = true;
    shared_->queue.clear();
  }
  shared_->changed.notify_all();
  shared_->thread.join();
}

void GrowingColumns::add_column(std::string path, Hdf5Type type, std::size_t element_size,
                                std::function<std::span<const unsigned char>()> bytes) {
  // The thread reads columns_ while it compresses: no column is added once a chunk is queued.
  {
    const std::lock_guard lock(shared_->mutex);
    if (shared_->busy || !shared_->queue.empty()) {
      throw std::logic_error("GrowingColumns::follow: after chunks were queued");
    }
  }
  const std::uint64_t one[] = {std::numeric_limits<std::uint64_t>::max()};
  const std::vector<std::uint64_t> chunk = hdf5_dataset_chunk(element_size, one, Hdf5Compression{});
  columns_.push_back(Column{
      std::move(path), type, element_size, chunk.front(), std::move(bytes), 0, {}, {}, false});
}

void GrowingColumns::poll() {
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    Column& column = columns_[c];
    const std::span<const unsigned char> bytes = column.bytes();
    const std::size_t chunk_bytes = column.rows_per_chunk * column.element_size;
    while ((column.queued + 1) * chunk_bytes <= bytes.size()) {
      {
        // The copies waiting are bounded: past the bound a chunk waits in its column, to be
        // queued by a later poll (or compressed by the writer).
        const std::lock_guard lock(shared_->mutex);
        if (shared_->waiting_bytes >= kMaxWaitingBytes) return;
        shared_->waiting_bytes += chunk_bytes;
      }
      Job job{c, column.queued, {}};
      const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(column.queued * chunk_bytes);
      job.bytes.assign(first, first + static_cast<std::ptrdiff_t>(chunk_bytes));
      {
        const std::lock_guard lock(shared_->mutex);
        shared_->queue.push_back(std::move(job));
      }
      shared_->changed.notify_all();
      ++column.queued;
    }
  }
}

void GrowingColumns::drain() {
#ifdef __linux__
  const sched_param normal{};
  pthread_setschedparam(shared_->thread.native_handle(), SCHED_OTHER, &normal);
#endif
  std::unique_lock lock(shared_->mutex);
  shared_->changed.wait(lock, [&] { return shared_->queue.empty() && !shared_->busy; });
}

void GrowingColumns::finish(PrecompressedChunks& chunks) {
  {
    // The chunks still waiting are left to the writer, which compresses them on every core: on
    // a machine busy with other work an idle-priority thread would barely run, and nothing may
    // wait on it. Each column keeps the chunks compressed so far, a prefix of its chunks (the
    // queue is first in, first out).
    const std::lock_guard lock(shared_->mutex);
    for (const Job& job : shared_->queue) shared_->waiting_bytes -= job.bytes.size();
    shared_->queue.clear();
  }
#ifdef __linux__
  // The chunk in progress is finished at normal priority.
  const sched_param normal{};
  pthread_setschedparam(shared_->thread.native_handle(), SCHED_OTHER, &normal);
#endif
  {
    std::unique_lock lock(shared_->mutex);
    shared_->changed.wait(lock, [&] { return !shared_->busy; });
  }
  for (Column& column : columns_) {
    if (column.failed) continue;
    chunks.add_leading(column.path, column.type, column.rows_per_chunk, std::move(column.chunks),
                       std::move(column.checksums));
  }
  columns_.clear();
}

}  // namespace lmsim::sim::io
