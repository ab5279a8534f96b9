// How the lmsim command allocates memory.
//
// A run's buffers are mostly written once, soon after they are allocated, so their first touch
// is much of what they cost: the kernel faults fresh memory in one 4 KiB page at a time, and on a
// virtual machine each fault traps into the hypervisor. `lmsim facts` on a day of a liquid market
// spent more of its time in those faults than in its arithmetic. So the command's memory is
// advised MADV_HUGEPAGE: where the system's transparent huge pages are in `madvise` mode
// (Debian's default), such memory is faulted 2 MiB at a time, 512 times fewer faults. The rules,
// set once at start-up:
//
// - Allocations of up to kMappedBytes come from the heaps, which are advised as they grow. The
//   main arena's heap grows kHeapStepBytes at a time, so that its new memory holds whole huge
//   pages, and operator new advises what it has grown by whenever it hands out memory past the
//   part already advised. Every other arena (glibc gives threads arenas of their own) lives in
//   heaps that glibc reserves kArenaHeapBytes at a time, aligned to that size (its HEAP_MAX_SIZE on
//   64-bit systems), and grows within the reservation: the first time a thread is handed memory of
//   such a heap, the whole reservation is advised. Were that size not glibc's, the advice would
//   only fall on other memory of the process. (One arena for every thread would have spared this,
//   but sweeps ran 20% slower on its lock.) Commands that run many simulations on long-lived
//   threads turn this off for heaps not yet advised (allocation_policy.hpp: expect_many_runs).
// - Freed heap memory is kept for reuse: the trim threshold is raised to kKeptBytes. glibc would
//   serve anything over 128 KiB from a fresh mapping at first and return freed memory at the top
//   of the heap beyond 128 KiB, so a run that allocates and frees buffers of a few hundred KiB or
//   a few MiB faulted them in again and again, each page zeroed by the kernel before the program
//   zeroed it again (the bootstraps of the market's facts above all).
// - A larger allocation that the heap cannot serve from memory it holds gets a fresh mapping of
//   its own rather than growing the heap (the mmap threshold is fixed at kMappedBytes, the most
//   glibc allows), and operator new advises it, whole aligned 2 MiB ranges only; free() unmaps it
//   as usual, so the default operator delete stays.
//
// Nothing a program computes can depend on any of this; where huge pages are off or a call
// fails, the memory is what malloc gave. Only the lmsim command and the benchmarks that time
// what it runs link this file (a library must not replace its user's operator new), and not in
// the sanitizer and fuzz builds, whose AddressSanitizer has its own operator new and checks that
// every new is matched by its delete.
#include "sim/cli/allocation_policy.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
constexpr std::size_t kMappedBytes = std::size_t{4} * 1024 * 1024 * sizeof(long);  // 32 MiB
constexpr std::size_t kKeptBytes = std::size_t{256} << 20;
constexpr std::size_t kHeapStepBytes = std::size_t{8} << 20;
constexpr std::uintptr_t kArenaHeapBytes = std::uintptr_t{64} << 20;

/// Advises the whole aligned 2 MiB ranges of [begin, end).
void advise_huge_pages(std::uintptr_t begin, std::uintptr_t end) {
  const std::uintptr_t first = (begin + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const std::uintptr_t last = end & ~(kHugePageBytes - 1);
  if (last > first) {
    // Advice, not a requirement: a failure (huge pages off, an old kernel) changes nothing.
    (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
}

/// Where the main arena's heap (the one grown with brk) starts, and its end as last advised: the
/// memory between them is advised.
std::uintptr_t heap_start = 0;
std::atomic<std::uintptr_t> advised_heap_end{0};

/// Advises what the heap has grown by since it was last advised. From the huge page that held the
/// old end, which the heap's growth has made whole.
void advise_heap_growth() {
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::uintptr_t advised = advised_heap_end.load(std::memory_order_relaxed);
  while (end > advised) {
    if (advised_heap_end.compare_exchange_weak(advised, end, std::memory_order_relaxed)) {
      advise_huge_pages(advised & ~(kHugePageBytes - 1), end);
      return;
    }
  }
}

/// The arena heaps' reservations advised so far, in the order first seen (0: a free slot). An
/// arena spreads over several heaps once it outgrows one, and a thread is handed memory of each
/// in turn, so remembering only the last one advised cost a system call at every change of heap
/// (a quarter of a million in `lmsim tune`). A heap that glibc unmaps and maps again at the same
/// address is not advised again: it only loses the advice.
std::array<std::atomic<std::uintptr_t>, 256> advised_reservations{};

/// Whether arena heaps not advised yet are to be (lmsim_allocation_policy_expect_many_runs).
std::atomic<bool> advise_new_arena_heaps{true};

/// Advises the reservation of the arena heap holding `address`, unless it was already.
void advise_arena_heap(std::uintptr_t address) {
  thread_local std::uintptr_t last = 0;  // this thread's last, checked first
  const std::uintptr_t reservation = address & ~(kArenaHeapBytes - 1);
  if (reservation == last) return;
  last = reservation;
  if (!advise_new_arena_heaps.load(std::memory_order_relaxed)) return;
  for (std::atomic<std::uintptr_t>& slot : advised_reservations) {
    // The first free slot: the reservation is new, and whoever claims the slot advises it.
    std::uintptr_t seen = 0;
    if (slot.compare_exchange_strong(seen, reservation, std::memory_order_relaxed)) break;
    if (seen == reservation) return;  // advised already
  }
  (void)madvise(reinterpret_cast<void*>(reservation), kArenaHeapBytes, MADV_HUGEPAGE);
}

// Set before main, before any other thread exists: the main arena is the only one.
[[maybe_unused]] const bool kMallocTuned = [] {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMappedBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kKeptBytes));
  mallopt(M_TOP_PAD, static_cast<int>(kHeapStepBytes));
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  heap_start = end - mallinfo2().arena;
  // From the first whole huge page past what the heap holds: below lies memory already in use.
  advised_heap_end = (end + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  // The heap's first step, taken now so that what the start-up allocates lies on it too.
  std::free(std::malloc(1));
  advise_heap_growth();
  return true;
}();

void* allocate(std::size_t size) {
  if (size == 0) size = 1;
  for (;;) {
    if (void* pointer = std::malloc(size)) {
      const auto begin = reinterpret_cast<std::uintptr_t>(pointer);
      // The main heap lies between heap_start and the break; other arenas' heaps elsewhere.
      const bool past_heap_start = begin >= heap_start;
      if (size >= kMappedBytes) {
        advise_huge_pages(begin, begin + size);  // most likely a mapping of its own
      } else if (past_heap_start &&
                 begin + size <= advised_heap_end.load(std::memory_order_relaxed)) {
        // On the main heap, already advised: the common case.
      } else if (past_heap_start && begin < reinterpret_cast<std::uintptr_t>(sbrk(0))) {
        advise_heap_growth();
      } else {
        advise_arena_heap(begin);
      }
      return pointer;
    }
    // What the standard operator new does when malloc fails: call the new-handler, if any.
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

// sim/cli/allocation_policy.hpp: cli::expect_many_runs.
extern "C" void lmsim_allocation_policy_expect_many_runs() {
  advise_new_arena_heaps.store(false, std::memory_order_relaxed);
}

void* operator new(std::size_t size) {
  return allocate(size);
}

void* operator new[](std::size_t size) {
  return allocate(size);
}

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
