#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sim/core/zeroed_array.hpp"

using namespace lmsim::sim;

namespace {

/// How many pages of [begin, begin + bytes) are resident (mincore), the range widened to whole
/// pages.
std::size_t resident_pages(const void* begin, std::size_t bytes) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = reinterpret_cast<std::uintptr_t>(begin) & ~(page - 1);
  const std::uintptr_t end = reinterpret_cast<std::uintptr_t>(begin) + bytes;
  std::vector<unsigned char> resident((end - first + page - 1) / page);
  REQUIRE(mincore(reinterpret_cast<void*>(first), end - first, resident.data()) == 0);
  std::size_t count = 0;
  for (const unsigned char flags : resident) count += flags & 1u;
  return count;
}

}  // namespace

TEST_CASE("ZeroedArray: a large array costs memory only where it is written", "[zeroed_array]") {
  // What the lmsim command's allocation policy does: the C library maps only blocks of 32 MiB
  // or more and keeps what is freed, so that a smaller calloc is served from memory the heap
  // held before and cleared page by page.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  {
    constexpr std::size_t kHeld = std::size_t{16} << 20;
    char* held = static_cast<char*>(std::malloc(kHeld));
    REQUIRE(held != nullptr);
    // Written through a volatile pointer, so the block is really faulted in before it is freed.
    for (std::size_t at = 0; at < kHeld; at += 4096) static_cast<volatile char*>(held)[at] = 1;
    std::free(held);
  }
  constexpr std::size_t kSize = std::size_t{1} << 20;  // 8 MiB of 8-byte elements
  ZeroedArray<std::uint64_t> array(kSize);
  REQUIRE(array.size() == kSize);
  CHECK(resident_pages(&array[0], kSize * sizeof(std::uint64_t)) == 0);
  array[kSize / 2] = 7;
  CHECK(resident_pages(&array[0], kSize * sizeof(std::uint64_t)) == 1);
  CHECK(array[kSize / 2] == 7);
  CHECK(array[0] == 0);
  CHECK(array[kSize - 1] == 0);
  // Moved, the array keeps its elements; the one moved from is empty.
  ZeroedArray<std::uint64_t> moved(std::move(array));
  CHECK(moved.size() == kSize);
  CHECK(moved[kSize / 2] == 7);
  CHECK(array.size() == 0);
}

TEST_CASE("ZeroedArray: small arrays start zeroed, and move assignment swaps", "[zeroed_array]") {
  ZeroedArray<std::uint32_t> small(1000);
  for (std::size_t i = 0; i < small.size(); ++i) REQUIRE(small[i] == 0);
  small[3] = 5;
  ZeroedArray<std::uint32_t> large(ZeroedArray<std::uint32_t>::kMappedBytes);
  large[0] = 9;
  small = std::move(large);
  CHECK(small.size() == ZeroedArray<std::uint32_t>::kMappedBytes);
  CHECK(small[0] == 9);
  CHECK(large.size() == 1000);
  CHECK(large[3] == 5);
  CHECK(ZeroedArray<std::uint64_t>().size() == 0);
}
