#pragma once

// What the commands tell the command's allocation policy (allocation_policy.cpp). The policy is
// linked into the lmsim command but not into its sanitizer and fuzz builds; there the hint below
// does nothing (the policy's entry point is a weak reference, null when absent).

extern "C" [[gnu::weak]] void lmsim_allocation_policy_expect_many_runs();

namespace lmsim::cli {

/// Many runs follow on long-lived threads (a sweep, a tuning, a calibration): arena heaps that
/// threads first use from now on are not advised onto huge pages. A single run spends much of
/// its time faulting in fresh memory, which huge pages make cheaper; many runs on the same
/// threads soon reuse memory already faulted in, and there the worker threads' heaps on huge
/// pages made `lmsim tune` 4% slower (measured; docs/performance.md). The main arena's heap, the
/// pool of blocks of 64 KiB to 4 MiB and large allocations stay advised.
inline void expect_many_runs() {
  if (lmsim_allocation_policy_expect_many_runs != nullptr) {
    lmsim_allocation_policy_expect_many_runs();
  }
}

}  // namespace lmsim::cli
