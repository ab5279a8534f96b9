#pragma once

#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace lmsim::sim {

/// A fixed-size array of trivially copyable T whose elements start as all-zero bytes, obtained
/// from calloc: the C library hands large blocks over as fresh zero pages that the OS maps only
/// when first touched, so a large, sparsely used array (an order book's price axis spanning a
/// wide range) costs memory only where it is used.
template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size)
      : data_(size ? static_cast<T*>(std::calloc(size, sizeof(T))) : nullptr), size_(size) {
    if (size && !data_) throw std::bad_alloc();
  }
  ~ZeroedArray() { std::free(data_); }
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
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace lmsim::sim
