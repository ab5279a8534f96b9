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
// - Blocks of 64 KiB to 4 MiB (BlockPool) come from a pool of the command's own: one region,
//   reserved and advised whole at the first request, carved into size classes, with each freed
//   block kept for the next request of its class from any thread. glibc gives each thread an
//   arena whose heap it makes writable a few pages at a time, so little of a fresh arena lies on
//   whole huge pages and most of it was faulted 4 KiB at a time; and a block freed in one
//   thread's arena served no other thread. The market's facts, measured on threads started for
//   them after the run, faulted in some 1,700 pages of new arenas on bench_day (about 10 µs each
//   where faults trap into a hypervisor). The price: a class keeps what it held at its peak.
// - Other allocations of up to kMappedBytes come from the heaps, advised as they grow. The main
//   arena's heap grows kHeapStepBytes at a time, so that its new memory holds whole huge pages,
//   and operator new advises what it has grown by whenever it hands out memory past the part
//   already advised. Every other arena (glibc gives threads arenas of their own) lives in
//   heaps that glibc reserves kArenaHeapBytes at a time, aligned to that size (its HEAP_MAX_SIZE on
//   64-bit systems), and grows within the reservation: the first time a thread is handed memory of
//   such a heap, the whole reservation is advised. Were that size not glibc's, the advice would
//   only fall on other memory of the process. (One arena for every thread would have spared this,
//   but sweeps ran 20% slower on its lock.) What malloc wrote before the advice (a new arena's
//   records, the header of what it carved from a new step of the main heap) would keep the 2 MiB
//   around it in 4 KiB pages for good, so that huge page is collapsed into one at once
//   (MADV_COLLAPSE, Linux 6.1; an older kernel refuses it). Commands that run many simulations on
//   long-lived threads turn this off for heaps not yet advised (allocation_policy.hpp:
//   expect_many_runs).
// - Freed heap memory is kept for reuse: the trim threshold is raised to kKeptBytes. glibc would
//   serve anything over 128 KiB from a fresh mapping at first and return freed memory at the top
//   of the heap beyond 128 KiB, so a run that allocates and frees buffers of a few hundred KiB or
//   a few MiB faulted them in again and again, each page zeroed by the kernel before the program
//   zeroed it again (the bootstraps of the market's facts above all).
// - A larger allocation that the heap cannot serve from memory it holds gets a fresh mapping of
//   its own rather than growing the heap (the mmap threshold is fixed at kMappedBytes, the most
//   glibc allows), and operator new advises it, whole aligned 2 MiB ranges only; free() unmaps it
//   as usual. operator delete gives the pool its blocks back and frees everything else.
//
// Nothing a program computes can depend on any of this; where huge pages are off or a call
// fails, the memory is what malloc gave. Only the lmsim command and the benchmarks that time
// what it runs link this file (a library must not replace its user's operator new), and not in
// the sanitizer and fuzz builds, whose AddressSanitizer has its own operator new and checks that
// every new is matched by its delete.
#include "sim/cli/allocation_policy.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
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

/// madvise's MADV_COLLAPSE (Linux 6.1; glibc 2.36's headers lack it): the pages of a range
/// gathered into a huge page now, those already written copied into it.
constexpr int kCollapse = 25;

/// Makes the huge page at `start` (aligned) one now, when it already holds written pages: advice
/// only covers faults to come, and a 2 MiB range with any page written before it stays in 4 KiB
/// pages. Left alone where the system turned huge pages off; an older kernel refuses the call.
void collapse_huge_page(std::uintptr_t start) {
  static const bool allowed = [] {
    // Read with system calls: an allocation here would come back to operator new.
    const int file = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (file < 0) return false;
    std::array<char, 128> text{};
    const ssize_t got = read(file, text.data(), text.size() - 1);
    close(file);
    return got > 0 && std::strstr(text.data(), "[never]") == nullptr;
  }();
  if (allowed) (void)madvise(reinterpret_cast<void*>(start), kHugePageBytes, kCollapse);
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
      // The huge page that held the old end: malloc may have written into its new part (the
      // header of what it carved there) before this advice.
      const std::uintptr_t first = advised & ~(kHugePageBytes - 1);
      advise_huge_pages(first, end);
      if (first + kHugePageBytes <= end) collapse_huge_page(first);
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
  // glibc wrote the heap's and the arena's records, and the first block's header, at its start.
  collapse_huge_page(reservation);
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

/// Blocks of kPooledFrom to kPooledUpTo bytes, for whichever thread asks: carved in turn from one
/// region reserved (and advised) at the first request, in kClasses size classes, four per power of
/// two (5/8, 6/8, 7/8 and 8/8 of it, so a block is at most a quarter larger than asked for, and a
/// power of two fits exactly); a freed block waits on its class's list for the next request of
/// that class. The region is never returned: what a class held at its peak stays for reuse.
class BlockPool {
 public:
  static constexpr std::size_t kPooledFrom = std::size_t{64} << 10;
  static constexpr std::size_t kPooledUpTo = std::size_t{4} << 20;

  /// A block of at least `size` bytes (kPooledFrom..kPooledUpTo), or null when the region cannot
  /// be reserved (address space limited, strict overcommit) or is used up: malloc then serves.
  void* allocate(std::size_t size) {
    const unsigned octave = static_cast<unsigned>(std::bit_width(size - 1));  // 2^octave ≥ size
    const std::size_t granule = std::size_t{1} << (octave - 3);
    const std::size_t units = (size + granule - 1) / granule;  // 5..8, or 8 for a power of two
    const std::size_t block_class = (octave - kFirstOctave) * 4 + (units - 5);
    const std::lock_guard<std::mutex> lock(mutex_);
    if (void* block = free_[block_class]) {
      free_[block_class] = *static_cast<void**>(block);
      return block;
    }
    if (!reserved_ && !reserve()) return nullptr;
    const std::uintptr_t block = next_;
    if (end_.load(std::memory_order_relaxed) - block < units * granule) return nullptr;
    next_ += units * granule;
    classes_[(block - begin_.load(std::memory_order_relaxed)) >> kUnitBits] =
        static_cast<std::uint8_t>(block_class);
    return reinterpret_cast<void*>(block);
  }

  /// Takes `pointer` back when it is a block of the pool (true), else leaves it (false).
  bool release(void* pointer) {
    const auto address = reinterpret_cast<std::uintptr_t>(pointer);
    const std::uintptr_t begin = begin_.load(std::memory_order_acquire);
    if (begin == 0 || address < begin || address >= end_.load(std::memory_order_relaxed)) {
      return false;
    }
    const std::size_t block_class = classes_[(address - begin) >> kUnitBits];
    const std::lock_guard<std::mutex> lock(mutex_);
    *static_cast<void**>(pointer) = free_[block_class];
    free_[block_class] = pointer;
    return true;
  }

 private:
  static constexpr unsigned kFirstOctave = 16;  // kPooledFrom = 2^16: its class is the 4th
  static constexpr std::size_t kClasses = 4 * (22 - kFirstOctave + 1);  // up to 2^22 = 4 MiB
  static constexpr std::uintptr_t kRegionBytes = std::uintptr_t{8} << 30;
  // Every block starts on a multiple of the smallest granule (2^13) from the region's start.
  static constexpr unsigned kUnitBits = kFirstOctave - 3;

  bool reserve() {
    reserved_ = true;
    // Address space only (MAP_NORESERVE): memory is committed as it is touched, in huge pages
    // where the system gives them, since the region is one mapping advised whole.
    void* region = mmap(nullptr, kRegionBytes + kHugePageBytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) return false;
    const auto start = reinterpret_cast<std::uintptr_t>(region);
    const std::uintptr_t begin = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
    (void)madvise(reinterpret_cast<void*>(begin), kRegionBytes, MADV_HUGEPAGE);
    next_ = begin;
    end_.store(begin + kRegionBytes, std::memory_order_relaxed);
    begin_.store(begin, std::memory_order_release);
    return true;
  }

  std::mutex mutex_;
  bool reserved_ = false;
  // Read without the lock by release(): set once, before any block of the region is handed out
  // (0 until then).
  std::atomic<std::uintptr_t> begin_{0};
  std::atomic<std::uintptr_t> end_{0};
  std::uintptr_t next_ = 0;
  std::array<void*, kClasses> free_{};
  // The class of the block starting at each 2^kUnitBits bytes of the region (1 MiB of address
  // space, touched only where blocks start).
  std::array<std::uint8_t, (kRegionBytes >> kUnitBits)> classes_{};
};

/// All zeros until the first block is asked for, so it needs no constructor at start-up (and no
/// page of it is touched before then), and nothing to destroy: blocks freed while the program
/// exits still find it.
constinit BlockPool block_pool;

void* allocate(std::size_t size) {
  if (size == 0) size = 1;
  if (size >= BlockPool::kPooledFrom && size <= BlockPool::kPooledUpTo) {
    if (void* block = block_pool.allocate(size)) return block;
  }
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

void operator delete(void* pointer) noexcept {
  if (pointer != nullptr && !block_pool.release(pointer)) std::free(pointer);
}

void operator delete[](void* pointer) noexcept {
  operator delete(pointer);
}

void operator delete(void* pointer, std::size_t) noexcept {
  operator delete(pointer);
}

void operator delete[](void* pointer, std::size_t) noexcept {
  operator delete(pointer);
}
