#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>
#include <type_traits>
#include <utility>

namespace lmsim::sim {

/// A fixed-size array of trivially copyable T whose elements start as all-zero bytes, where only
/// the pages of a large array that are used cost memory: a large, sparsely used array (an order
/// book's price axis spanning a wide range) is mapped from the OS as fresh zero pages, which are
/// faulted in only when first touched. Arrays of kMappedBytes or more are mapped directly rather
/// than taken from calloc: a program may raise the C library's own threshold for mapping (the
/// lmsim command's allocation policy does), and calloc then clears the block in the heap,
/// touching every page of it; a replay's book spent tens of milliseconds clearing axes of 8 and
/// 32 MiB that way. Smaller arrays come from calloc, whose clearing costs little and which
/// reuses memory the heap already holds (a sweep builds book after book).
template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  /// From this size (bytes) an array is a mapping of its own.
  static constexpr std::size_t kMappedBytes = std::size_t{4} << 20;

  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size) : size_(size) {
    if (size == 0) return;
    if (size > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = size * sizeof(T);
    if (bytes >= kMappedBytes) {
      void* mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (mapped == MAP_FAILED) throw std::bad_alloc();
      data_ = static_cast<T*>(mapped);
    } else {
      data_ = static_cast<T*>(std::calloc(size, sizeof(T)));
      if (data_ == nullptr) throw std::bad_alloc();
    }
  }
  ~ZeroedArray() { release(); }
  ZeroedArray(ZeroedArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  ZeroedArray& operator=(ZeroedArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;

  T& operator[](std::size_t index) { return data_[index]; }
  const T& operator[](std::size_t index) const { return data_[index]; }
  std::size_t size() const { return size_; }

 private:
  void release() {
    if (data_ == nullptr) return;
    const std::size_t bytes = size_ * sizeof(T);
    if (bytes >= kMappedBytes) {
      (void)munmap(data_, bytes);
    } else {
      std::free(data_);
    }
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace lmsim::sim
