// EventQueue: the total order (time, phase, actor, insertion) under random schedules, checked
// against a plain search of the same events, within one bucket and across many.
#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>
#include <vector>

#include "sim/core/event_queue.hpp"
#include "sim/core/random_stream.hpp"

namespace lmsim::sim {
namespace {

auto order_key(const Event& event) {
  return std::make_tuple(event.time, event.phase, event.actor, event.sequence);
}

}  // namespace

TEST_CASE("EventQueue: pops in (time, phase, actor, insertion) order", "[event_queue]") {
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    CAPTURE(seed);
    RandomStream random(seed);
    EventQueue queue;
    std::vector<Event> pending;  // what the queue holds, as a reference
    std::uint64_t sequence = 0;
    std::vector<Event> popped;
    std::vector<Event> expected;
    for (int step = 0; step < 20'000; ++step) {
      // Few distinct times, phases and actors, so every tie-break is exercised.
      if (pending.empty() || random.below(3) != 0) {
        const Nanos time = static_cast<Nanos>(random.below(50)) - 10;
        const auto phase = static_cast<EventPhase>(random.below(5));
        const auto actor = static_cast<std::uint32_t>(random.below(4));
        const auto generation = static_cast<std::uint32_t>(random.below(1000));
        queue.push(time, phase, actor, generation);
        pending.push_back(Event{time, phase, actor, sequence++, generation});
      } else {
        const auto first = std::min_element(
            pending.begin(), pending.end(),
            [](const Event& a, const Event& b) { return order_key(a) < order_key(b); });
        expected.push_back(*first);
        pending.erase(first);
        REQUIRE(order_key(queue.top()) == order_key(expected.back()));
        popped.push_back(queue.pop());
      }
      REQUIRE(queue.size() == pending.size());
    }
    REQUIRE(popped.size() == expected.size());
    for (std::size_t i = 0; i < popped.size(); ++i) {
      CHECK(order_key(popped[i]) == order_key(expected[i]));
      CHECK(popped[i].generation == expected[i].generation);
    }
  }
}

TEST_CASE("EventQueue: keeps the order across buckets, the ring and its overflow",
          "[event_queue]") {
  // Narrow buckets and times spread far beyond the ring (8,192 buckets), pushed mostly after
  // the last event popped (as the simulation schedules) but some before it and some at it; the
  // queue also runs empty and starts again.
  for (const std::uint64_t seed : {5u, 6u, 7u}) {
    CAPTURE(seed);
    RandomStream random(seed);
    EventQueue queue(3);
    std::vector<Event> pending;
    std::uint64_t sequence = 0;
    Nanos now = -50;
    for (int step = 0; step < 30'000; ++step) {
      if (pending.empty() || random.below(2) == 0) {
        const std::uint64_t kind = random.below(10);
        const Nanos time = kind == 0   ? now - static_cast<Nanos>(random.below(20))
                           : kind == 1 ? now
                           : kind == 2 ? now + static_cast<Nanos>(random.below(200'000))
                                       : now + static_cast<Nanos>(random.below(200));
        const auto phase = static_cast<EventPhase>(random.below(5));
        const auto actor = static_cast<std::uint32_t>(random.below(3));
        queue.push(time, phase, actor, static_cast<std::uint32_t>(step));
        pending.push_back(Event{time, phase, actor, sequence++, static_cast<std::uint32_t>(step)});
      } else {
        const auto first = std::min_element(
            pending.begin(), pending.end(),
            [](const Event& a, const Event& b) { return order_key(a) < order_key(b); });
        const Event expected = *first;
        pending.erase(first);
        REQUIRE(queue.top_time() == expected.time);
        const Event popped = queue.pop();
        REQUIRE(order_key(popped) == order_key(expected));
        REQUIRE(popped.generation == expected.generation);
        now = popped.time;
      }
      REQUIRE(queue.size() == pending.size());
      REQUIRE(queue.empty() == pending.empty());
    }
  }
}

TEST_CASE("EventQueue: drains to empty in order", "[event_queue]") {
  EventQueue queue;
  CHECK(queue.empty());
  queue.push(5, EventPhase::kRecord, 0);
  queue.push(5, EventPhase::kMarket, 9);
  queue.push(5, EventPhase::kMarket, 2);
  queue.push(1, EventPhase::kSnapshot, 0);
  queue.push(5, EventPhase::kMarket, 2, 7);
  std::vector<std::tuple<Nanos, EventPhase, std::uint32_t, std::uint32_t>> order;
  while (!queue.empty()) {
    const Event event = queue.pop();
    order.emplace_back(event.time, event.phase, event.actor, event.generation);
  }
  CHECK(order == decltype(order){{1, EventPhase::kSnapshot, 0, 0},
                                 {5, EventPhase::kMarket, 2, 0},
                                 {5, EventPhase::kMarket, 2, 7},
                                 {5, EventPhase::kMarket, 9, 0},
                                 {5, EventPhase::kRecord, 0, 0}});
}

}  // namespace lmsim::sim
