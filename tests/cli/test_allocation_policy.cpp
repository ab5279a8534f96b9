// The lmsim command's allocation policy (sim/cli/allocation_policy.cpp), linked into this
// executable as into the command: large allocations on fresh mappings advised onto huge pages,
// smaller ones from the heap and left alone, and every form of new still a plain, freeable
// allocation.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// The VmFlags of the mapping of /proc/self/smaps holding `address` ("" when none does).
std::string vm_flags_at(const void* address) {
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t low = 0;
    std::uintptr_t high = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> low >> dash >> high && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = target >= low && target < high;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

bool huge_pages_configurable() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good();
}

constexpr std::size_t kMiB = std::size_t{1} << 20;

}  // namespace

TEST_CASE("Large allocations: 8 MiB from new are advised onto huge pages, 64 KiB are not") {
  if (!huge_pages_configurable()) {
    WARN("this kernel has no transparent huge pages: nothing to check");
    return;
  }
  const auto large = std::make_unique<unsigned char[]>(8 * kMiB);
  // A whole aligned 2 MiB range inside the block: the middle of it.
  const unsigned char* middle = large.get() + 4 * kMiB;
  CHECK(vm_flags_at(middle).find(" hg") != std::string::npos);

  std::vector<std::unique_ptr<unsigned char[]>> smalls;
  for (int i = 0; i < 4; ++i) smalls.push_back(std::make_unique<unsigned char[]>(64 * 1024));
  for (const auto& small : smalls) {
    const std::string flags = vm_flags_at(small.get());
    CHECK_FALSE(flags.empty());
    CHECK(flags.find(" hg") == std::string::npos);
  }
}

TEST_CASE("Allocations: under 2 MiB from the heap, from 2 MiB a mapping of their own") {
  // glibc's own threshold starts at 128 KiB: 1 MiB would have been a mapping.
  const std::size_t mappings = mallinfo2().hblks;
  const auto medium = std::make_unique<unsigned char[]>(kMiB);
  CHECK(mallinfo2().hblks == mappings);
  const auto large = std::make_unique<unsigned char[]>(2 * kMiB);
  CHECK(mallinfo2().hblks == mappings + 1);
}

TEST_CASE("Large allocations: every form of new gives zeroable, freeable memory") {
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, 3 * kMiB + 5, 17 * kMiB}) {
    void* plain = ::operator new(size);
    REQUIRE(plain != nullptr);
    std::memset(plain, 0x5a, size);
    ::operator delete(plain, size);

    auto* array = new unsigned char[size + 1];
    std::memset(array, 0x5a, size + 1);
    delete[] array;

    void* nothrow = ::operator new(size, std::nothrow);
    REQUIRE(nothrow != nullptr);
    ::operator delete(nothrow);
    auto* nothrow_array = new (std::nothrow) unsigned char[size + 1];
    REQUIRE(nothrow_array != nullptr);
    delete[] nothrow_array;
  }
  // Value-initialised: a vector of 3 MiB of zeros is zeros, wherever its pages came from.
  const std::vector<double> zeros(3 * kMiB / sizeof(double));
  CHECK(std::all_of(zeros.begin(), zeros.end(), [](double value) { return value == 0.0; }));
}

TEST_CASE(
    "Large allocations: a size malloc cannot give is std::bad_alloc, or null without throwing") {
  // 1 PiB: more than a 47-bit address space holds, whatever the overcommit policy.
  const std::size_t impossible = std::size_t{1} << 50;
  CHECK_THROWS_AS(::operator new(impossible), std::bad_alloc);
  CHECK(::operator new(impossible, std::nothrow) == nullptr);
}
