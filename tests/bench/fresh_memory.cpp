// What memory a process has never touched costs on this machine, next to memory it already
// holds: the one cost of a whole `lmsim run` that its in-process simulation never pays (a
// benchmark's later iterations reuse the memory of the first). scripts/bench-run-cost.sh prints
// it above its table, so that the ratios there can be read against the machine they came from.
//
// Three figures, each the first write of one byte per 4 KiB page of MIB mebibytes freshly
// mapped, in one process started for the purpose:
// - in 4 KiB pages: one page fault per page (on a virtual machine each may trap into its
//   hypervisor);
// - advised onto huge pages (MADV_HUGEPAGE): one fault per 2 MiB, the kernel zeroing the whole
//   huge page (where the hypervisor returns the guest's freed memory to its host, that memory
//   is faulted in again there too);
// - the same memory written again once faulted in: what the process pays for memory it holds.
// Then the huge-page figure once more after the memory is unmapped and mapped again within the
// same process (the kernel hands back the pages just freed): the cost a process avoids by
// reusing its memory.
//
// usage: fresh_memory [MIB=64]   prints one line per figure: GB/s and µs per 4 KiB page
#include <sys/mman.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kHugePage = std::size_t{2} << 20;

/// A fresh anonymous mapping of `bytes` starting on a huge page boundary (what is mapped before
/// the boundary is left unused), advised onto huge pages when `huge`; null when mmap fails.
char* map_fresh(std::size_t bytes, bool huge) {
  void* region = mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (region == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(region);
  char* aligned = reinterpret_cast<char*>((start + kHugePage - 1) & ~(kHugePage - 1));
  if (huge) (void)madvise(aligned, bytes, MADV_HUGEPAGE);
  return aligned;
}

/// Seconds taken to write one byte to each 4 KiB page of [memory, memory + bytes).
double touch(char* memory, std::size_t bytes, char value) {
  const auto begin = std::chrono::steady_clock::now();
  for (std::size_t at = 0; at < bytes; at += kPage) {
    // volatile: each write happens, in order, however the compiler sees the loop.
    *static_cast<volatile char*>(memory + at) = value;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

void report(const char* what, std::size_t bytes, double seconds) {
  const double pages = static_cast<double>(bytes / kPage);
  std::printf("%-44s %7.2f GB/s  %7.3f us per 4 KiB page\n", what,
              static_cast<double>(bytes) / seconds / 1e9, seconds / pages * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mebibytes = 64;
  bool valid = argc <= 2;
  if (argc == 2) {
    const char* end = argv[1] + std::strlen(argv[1]);
    const auto parsed = std::from_chars(argv[1], end, mebibytes);
    valid = parsed.ec == std::errc{} && parsed.ptr == end && mebibytes > 0 && mebibytes <= 4096;
  }
  if (!valid) {
    std::fprintf(stderr, "usage: fresh_memory [MIB=64]   (MIB in 1..4096)\n");
    return 2;
  }
  const std::size_t bytes = mebibytes << 20;
  char* small = map_fresh(bytes, false);
  char* huge = map_fresh(bytes, true);
  if (small == nullptr || huge == nullptr) {
    std::fprintf(stderr, "fresh_memory: cannot map %zu MiB\n", mebibytes);
    return 1;
  }
  report("first write, 4 KiB pages", bytes, touch(small, bytes, 1));
  report("first write, huge pages", bytes, touch(huge, bytes, 1));
  report("written again", bytes, touch(huge, bytes, 2));
  // The huge pages just freed, mapped again: the kernel hands them straight back.
  (void)munmap(huge, bytes);
  char* again = map_fresh(bytes, true);
  if (again == nullptr) return 1;
  report("first write, huge pages freed just before", bytes, touch(again, bytes, 1));
  return 0;
}
