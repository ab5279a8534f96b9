#include "sim/core/event_queue.hpp"

namespace lmsim::sim {

void EventQueue::push(Nanos time, EventPhase phase, std::uint32_t actor, std::uint32_t generation) {
  heap_.push(Event{time, phase, actor, sequence_++, generation});
}

Event EventQueue::pop() {
  Event event = heap_.top();
  heap_.pop();
  return event;
}

}  // namespace lmsim::sim
