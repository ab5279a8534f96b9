// The lmsim command's allocation policy (sim/cli/allocation_policy.cpp), linked into this
// executable as into the command: blocks of 64 KiB to 4 MiB from one advised pool, reused by
// whichever thread asks next; other allocations of up to 32 MiB from the heaps, advised onto huge
// pages as they grow, whichever thread asks (the huge page malloc wrote to before the advice
// collapsed into one), and reused once freed; larger ones on advised mappings of their own; the
// hint of the commands that run many simulations; and every form of new still a plain, freeable
// allocation.
#include <catch2/catch.hpp>

#include "sim/cli/allocation_policy.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

/// The mapping of /proc/self/smaps holding `address`: its range and its VmFlags line (an empty
/// range and "" when none does).
struct Mapping {
  std::uintptr_t low = 0;
  std::uintptr_t high = 0;
  std::string flags;
  std::size_t huge_kib = 0;  ///< AnonHugePages: what of it lies on huge pages
};

Mapping mapping_at(const void* address) {
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  Mapping found;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t low = 0;
    std::uintptr_t high = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> low >> dash >> high && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = target >= low && target < high;
      if (inside) found = {low, high, ""};
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) {
      std::istringstream(line.substr(14)) >> found.huge_kib;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) {
      found.flags = line;
      return found;
    }
  }
  return {};
}

/// The VmFlags of the mapping holding `address` ("" when none does).
std::string vm_flags_at(const void* address) {
  return mapping_at(address).flags;
}

/// Whether madvise(MADV_COLLAPSE) works here (Linux 6.1 and later, huge pages not off).
bool huge_pages_collapsible() {
  const std::size_t size = std::size_t{4} << 20;
  void* region = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return false;
  const auto aligned = (reinterpret_cast<std::uintptr_t>(region) + (std::uintptr_t{2} << 20) - 1) &
                       ~((std::uintptr_t{2} << 20) - 1);
  *reinterpret_cast<volatile char*>(aligned) = 1;  // an empty range has nothing to collapse
  const bool collapsed =
      madvise(reinterpret_cast<void*>(aligned), std::size_t{2} << 20, 25 /* MADV_COLLAPSE */) == 0;
  munmap(region, size);
  return collapsed;
}

bool huge_pages_configurable() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good();
}

constexpr std::size_t kMiB = std::size_t{1} << 20;

}  // namespace

TEST_CASE("Large allocations: 8 MiB from new lie on memory advised onto huge pages") {
  if (!huge_pages_configurable()) {
    WARN("this kernel has no transparent huge pages: nothing to check");
    return;
  }
  const auto large = std::make_unique<unsigned char[]>(8 * kMiB);
  // A whole aligned 2 MiB range inside the block: the middle of it.
  const unsigned char* middle = large.get() + 4 * kMiB;
  CHECK(vm_flags_at(middle).find(" hg") != std::string::npos);
}

TEST_CASE("Heap allocations: the heaps are advised as they grow, whichever thread allocates") {
  if (!huge_pages_configurable()) {
    WARN("this kernel has no transparent huge pages: nothing to check");
    return;
  }
  // 32 MiB in blocks of 32 KiB (below the pool's sizes) from this thread, and as much from
  // another: the main heap grows by several steps on the way, the other thread's arena by several
  // within its reservation, and every step of both is advised.
  constexpr std::size_t kBlock = 32 << 10;
  constexpr std::size_t kPerThread = 32 * kMiB / kBlock;
  const auto heap_end = [] { return reinterpret_cast<std::uintptr_t>(sbrk(0)); };
  const std::uintptr_t end_before = heap_end();
  std::vector<std::unique_ptr<unsigned char[]>> blocks(2 * kPerThread);
  const auto allocate = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) blocks[i] = std::make_unique<unsigned char[]>(kBlock);
  };
  allocate(0, kPerThread);
  std::thread other(allocate, kPerThread, 2 * kPerThread);
  other.join();
  CHECK(heap_end() > end_before);
  std::size_t advised = 0;
  std::size_t on_main_heap = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto address = reinterpret_cast<std::uintptr_t>(blocks[i].get());
    if (address + kBlock <= heap_end()) ++on_main_heap;
    if (vm_flags_at(blocks[i].get()).find(" hg") != std::string::npos) ++advised;
  }
  CHECK(on_main_heap >= kPerThread);
  // All but those in the huge page the main heap ended in before, and the first of the other
  // thread's arena, which begins with the arena's own records.
  CHECK(advised + 4 * kMiB / kBlock >= blocks.size());
}

TEST_CASE("Arena heaps: the huge page glibc writes to before the advice is collapsed into one") {
  // glibc writes a new arena's records and its first block's header before operator new can
  // advise the heap; the 2 MiB they lie in would otherwise be faulted 4 KiB at a time for good.
  // Eight threads at once, each with a small block: more than the arenas earlier threads left, so
  // some of them get new arenas; every arena's heap must hold at least that huge page.
  if (!huge_pages_configurable() || !huge_pages_collapsible()) {
    WARN("this kernel cannot collapse memory into huge pages: nothing to check");
    return;
  }
  constexpr int kThreads = 8;
  std::array<Mapping, kThreads> heaps;
  std::atomic<int> waiting{kThreads};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      void* block = ::operator new(100);
      heaps[static_cast<std::size_t>(t)] = mapping_at(block);
      // Hold the block (and the arena) until every thread has one.
      waiting.fetch_sub(1);
      while (waiting.load() > 0) std::this_thread::yield();
      ::operator delete(block);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Mapping& heap : heaps) {
    REQUIRE(heap.high > heap.low);
    CHECK(heap.huge_kib >= 2048);
  }
}

TEST_CASE("Pooled blocks: 64 KiB to 4 MiB from one advised region, reused by any thread") {
  // A block freed by one thread is the next block of its size class, whichever thread asks: the
  // market's facts, measured on threads started for them, reuse what the threads before them
  // freed instead of faulting in fresh heaps of their own.
  void* first = nullptr;
  std::thread([&] { first = ::operator new(kMiB); }).join();
  std::thread([&] { ::operator delete(first); }).join();
  void* again = nullptr;
  std::thread([&] { again = ::operator new(kMiB - 100); }).join();  // the same class: 7/8 to 1 MiB
  CHECK(again == first);
  // The smallest and the largest pooled sizes lie in the same region, advised; a byte more than
  // the largest comes from elsewhere.
  void* smallest = ::operator new(64 << 10);
  void* largest = ::operator new(4 * kMiB);
  void* beyond = ::operator new(4 * kMiB + 1);
  const Mapping region = mapping_at(again);
  REQUIRE(region.high > region.low);
  const auto in_region = [&](const void* block, std::size_t size) {
    const auto address = reinterpret_cast<std::uintptr_t>(block);
    return address >= region.low && address + size <= region.high;
  };
  CHECK(in_region(smallest, 64 << 10));
  CHECK(in_region(largest, 4 * kMiB));
  CHECK_FALSE(in_region(beyond, 1));
  if (huge_pages_configurable()) CHECK(region.flags.find(" hg") != std::string::npos);
  for (void* block : {again, smallest, beyond}) ::operator delete(block);
  ::operator delete(largest, 4 * kMiB);  // the sized form too
  // Freed blocks are reused last in, first out, per class.
  void* reused = ::operator new(4 * kMiB - 5);
  CHECK(reused == largest);
  ::operator delete(reused);
}

TEST_CASE("Allocations: up to 32 MiB from the heap and reused, 512 MiB from a mapping of its own") {
  // glibc's own threshold starts at 128 KiB: 1 MiB and 16 MiB would have been mappings, each
  // faulted in afresh. Freed, 16 MiB is kept, and the next 16 MiB reuses it.
  const std::size_t mappings = mallinfo2().hblks;
  const auto medium = std::make_unique<unsigned char[]>(kMiB);
  CHECK(mallinfo2().hblks == mappings);
  auto large = std::make_unique<unsigned char[]>(16 * kMiB);
  CHECK(mallinfo2().hblks == mappings);
  const void* const first = large.get();
  large.reset();
  large = std::make_unique<unsigned char[]>(16 * kMiB);
  CHECK(static_cast<const void*>(large.get()) == first);
  // 512 MiB is more than the heap can hold free (it keeps at most 256 MiB): a size the heap
  // cannot serve is mapped rather than grown into the heap (which would keep it once freed), and
  // the mapping is advised. Not value-initialised, so never touched; called, not a
  // new-expression, and its address handed to the checks, so that the compiler cannot leave the
  // allocation out.
  void* const huge = ::operator new(512 * kMiB);
  CHECK(huge != nullptr);
  CHECK(mallinfo2().hblks == mappings + 1);
  if (huge_pages_configurable()) {
    CHECK(vm_flags_at(static_cast<char*>(huge) + 256 * kMiB).find(" hg") != std::string::npos);
  }
  ::operator delete(huge);
}

TEST_CASE("Large allocations: every form of new gives zeroable, freeable memory") {
  for (const std::size_t size :
       {std::size_t{0}, std::size_t{1}, std::size_t{64} << 10, 3 * kMiB + 5, 4 * kMiB, 17 * kMiB}) {
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

// Last: the hint cannot be taken back within a process.
TEST_CASE("Many runs: arena heaps first used after the hint are not advised") {
  REQUIRE(lmsim_allocation_policy_expect_many_runs != nullptr);  // the policy is linked
  if (!huge_pages_configurable()) {
    WARN("this kernel has no transparent huge pages: nothing to check");
    return;
  }
  lmsim::cli::expect_many_runs();
  // 80 MiB in blocks of 32 KiB (below the pool's sizes) from a new thread, left untouched: more
  // than one 64 MiB heap of its arena holds, so the arena gets a heap no thread was handed memory
  // of before the hint.
  constexpr std::uintptr_t kReservation = std::uintptr_t{64} << 20;
  std::vector<std::unique_ptr<unsigned char[]>> blocks(80 * 32);
  std::thread other([&] {
    for (auto& block : blocks) block.reset(new unsigned char[32 << 10]);
  });
  other.join();
  const auto reservation_of = [&](const auto& block) {
    return reinterpret_cast<std::uintptr_t>(block.get()) & ~(kReservation - 1);
  };
  const std::uintptr_t first = reservation_of(blocks.front());
  std::size_t in_new_heaps = 0;
  for (const auto& block : blocks) {
    if (reservation_of(block) == first) continue;
    ++in_new_heaps;
    CHECK(vm_flags_at(block.get()).find(" hg") == std::string::npos);
  }
  CHECK(in_new_heaps > 0);
}
