#include "sim/core/replay/memory_tape.hpp"

#include <algorithm>

namespace lmsim::sim::replay {

MemoryTape read_tape(MarketEventReader& reader) {
  MemoryTape tape;
  tape.clock = reader.clock();
  std::vector<MarketEvent> batch(4096);
  while (const std::size_t count = reader.next_batch(batch)) {
    tape.events.insert(tape.events.end(), batch.begin(),
                       batch.begin() + static_cast<std::ptrdiff_t>(count));
  }
  tape.bad_rows = reader.bad_rows();
  return tape;
}

bool MemoryTapeReader::next(MarketEvent& event) {
  if (next_ >= tape_->events.size()) return false;
  event = tape_->events[next_++];
  return true;
}

std::size_t MemoryTapeReader::next_batch(std::span<MarketEvent> events) {
  const std::size_t count = std::min(events.size(), tape_->events.size() - next_);
  std::copy_n(tape_->events.begin() + static_cast<std::ptrdiff_t>(next_), count, events.begin());
  next_ += count;
  return count;
}

}  // namespace lmsim::sim::replay
