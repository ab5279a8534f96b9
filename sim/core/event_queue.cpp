#include "sim/core/event_queue.hpp"

#include <utility>

namespace lmsim::sim {

void EventQueue::push(Nanos time, EventPhase phase, std::uint32_t actor, std::uint32_t generation) {
  const Entry entry{Event{time, phase, actor, sequence_++, generation},
                    (static_cast<std::uint64_t>(phase) << 32) | actor};
  // Sift up: move parents down until the entry's place is found, then write it once.
  std::size_t hole = heap_.size();
  heap_.emplace_back();
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!entry.before(heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = entry;
}

Event EventQueue::pop() {
  const Event top = heap_.front().event;
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return top;
  // Sift the last entry down from the root: move the earliest child up while it comes first.
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    if (first >= size) break;
    std::size_t best = first;
    const std::size_t end = first + kArity < size ? first + kArity : size;
    for (std::size_t child = first + 1; child < end; ++child) {
      if (heap_[child].before(heap_[best])) best = child;
    }
    if (!heap_[best].before(last)) break;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = last;
  return top;
}

}  // namespace lmsim::sim
