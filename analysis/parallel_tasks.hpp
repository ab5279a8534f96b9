#pragma once

#include <functional>
#include <span>

namespace lmsim::analysis {

/// Runs every task once, on up to `threads` threads (the caller's among them; 0 counts as 1),
/// handing them out in order. For independent computations that each write only their own
/// result: what they compute does not depend on the thread count or the order they finish in.
/// When tasks throw, the others still run and the exception of the first failing task in the
/// list is rethrown, so that the error too is the same however many threads ran.
void run_tasks(std::span<const std::function<void()>> tasks, unsigned threads);

}  // namespace lmsim::analysis
