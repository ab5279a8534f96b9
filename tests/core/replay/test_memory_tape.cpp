#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "sim/core/replay/memory_tape.hpp"

using namespace lmsim::sim::replay;

TEST_CASE("MemoryTapeReader: next, batches and decoded runs read one stream", "[replay]") {
  auto tape = std::make_shared<MemoryTape>();
  for (int i = 0; i < 100; ++i) {
    tape->events.push_back(MarketEvent{i / 3, i / 3, MarketEvent::Kind::kLevel,
                                       lmsim::engine::Side::kBid, 1000 + i, i});
  }
  MemoryTapeReader reader(tape);
  // The whole tape is decoded; runs of it, single events and batches interleave.
  CHECK(reader.decoded().size() == 100);
  std::vector<MarketEvent> got;
  MarketEvent event;
  REQUIRE(reader.next(event));
  got.push_back(event);
  const auto decoded = reader.decoded();
  REQUIRE(decoded.size() == 99);
  got.insert(got.end(), decoded.begin(), decoded.begin() + 10);
  reader.skip_decoded(10);
  std::vector<MarketEvent> batch(7);
  REQUIRE(reader.next_batch(batch) == 7);
  got.insert(got.end(), batch.begin(), batch.end());
  CHECK(reader.decoded().size() == 82);
  while (reader.next(event)) got.push_back(event);
  CHECK(got == tape->events);
  CHECK(reader.decoded().empty());
  CHECK(reader.next_batch(batch) == 0);
}
