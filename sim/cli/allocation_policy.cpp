// How the lmsim command allocates memory.
//
// A run's buffers are mostly written once, soon after they are allocated, so their first touch
// is much of what they cost: the kernel faults fresh memory in one 4 KiB page at a time, and on a
// virtual machine each fault traps into the hypervisor. `lmsim facts` on a day of a liquid market
// spent more of its time in those faults than in its arithmetic. Two rules, set once at start-up:
//
// - Large allocations (at least kHugePageBytes) on transparent huge pages. The command replaces
//   the global operator new: such an allocation is taken from malloc as any other and then
//   advised MADV_HUGEPAGE, whole aligned 2 MiB ranges only. Where the system's huge pages are in
//   `madvise` mode (Debian's default), those ranges are faulted 2 MiB at a time. malloc serves
//   these sizes from a fresh mapping of their own (the threshold below), so the advice touches no
//   other allocation's pages and free() unmaps it as usual: the default operator delete, which
//   calls free(), stays. A fresh mapping is zero pages, which a large zeroed buffer wants.
// - Smaller allocations from the heap, and freed memory kept for reuse. glibc would serve
//   anything over 128 KiB from a fresh mapping at first and return freed memory at the top of
//   the heap beyond 128 KiB, so a run that allocates and frees buffers of a few hundred KiB
//   faulted them in again and again (the bootstraps of the market's facts above all). The mmap
//   threshold is fixed at kHugePageBytes and the trim threshold raised to kKeptBytes.
//
// Nothing a program computes can depend on either; where huge pages are off or a call fails, the
// memory is what malloc gave. Only the lmsim command and the benchmarks that time what it runs
// link this file (a library must not replace its user's operator new), and not in the sanitizer
// and fuzz builds, whose AddressSanitizer has its own operator new and checks that every new is
// matched by its delete.
#include <malloc.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
constexpr std::size_t kKeptBytes = std::size_t{256} << 20;

// Set before main; mallopt applies to every arena.
[[maybe_unused]] const bool kMallocTuned = [] {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kHugePageBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kKeptBytes));
  return true;
}();

void advise_huge_pages(void* pointer, std::size_t size) {
  const auto begin = reinterpret_cast<std::uintptr_t>(pointer);
  const std::uintptr_t first = (begin + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const std::uintptr_t last = (begin + size) & ~(kHugePageBytes - 1);
  if (last > first) {
    // Advice, not a requirement: a failure (huge pages off, an old kernel) changes nothing.
    (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
}

void* allocate(std::size_t size) {
  if (size == 0) size = 1;
  for (;;) {
    if (void* pointer = std::malloc(size)) {
      if (size >= kHugePageBytes) advise_huge_pages(pointer, size);
      return pointer;
    }
    // What the standard operator new does when malloc fails: call the new-handler, if any.
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

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
