#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/replay/prefetching_reader.hpp"

using namespace lmsim::sim::replay;

namespace {

/// A source with bad rows and an optional failure, as the recorded-data readers behave: before
/// event i it drops `dropped[i]` rows (counted when it reads them), after the last event it drops
/// `trailing` more (counted when it finds the end), and asked for event `fail_at` it throws. With
/// `chunk` > 1 it decodes `chunk` events at a time, counting their dropped rows at once, and
/// holds the rest decoded (as the market-file reader does).
class ScriptedReader final : public MarketEventReader {
 public:
  ScriptedReader(std::size_t events, std::size_t chunk, std::size_t fail_at = SIZE_MAX)
      : events_(events), chunk_(chunk), fail_at_(fail_at) {
    for (std::size_t i = 0; i < events; ++i) dropped_.push_back(i % 7 == 3 ? 1 + i % 3 : 0);
  }

  static MarketEvent event_at(std::size_t i) {
    const auto n = static_cast<std::int64_t>(i);
    return MarketEvent{n / 4,        n / 4, MarketEvent::Kind::kLevel, lmsim::engine::Side::kAsk,
                       100 + n % 17, n};
  }

  bool next(MarketEvent& event) override {
    if (held_begin_ < held_end_) {
      event = event_at(held_begin_++);
      return true;
    }
    if (read_ >= events_) {
      if (!trailing_counted_) counts_.dropped_rows += kTrailing;
      trailing_counted_ = true;
      return false;
    }
    if (read_ == fail_at_) throw std::runtime_error("bad data at event " + std::to_string(read_));
    // Decodes (and checks) a chunk, stopping short of the failure.
    const std::size_t end = std::min({read_ + chunk_, events_, std::max(fail_at_, read_ + 1)});
    for (std::size_t i = read_; i < end; ++i) {
      counts_.dropped_rows += dropped_[i];
      counts_.unparsable += dropped_[i] > 1 ? 1 : 0;
    }
    held_begin_ = read_ + 1;
    held_end_ = end;
    event = event_at(read_);
    read_ = end;
    return true;
  }
  std::span<const MarketEvent> decoded() const override {
    held_view_.clear();
    for (std::size_t i = held_begin_; i < held_end_; ++i) held_view_.push_back(event_at(i));
    return held_view_;
  }
  void skip_decoded(std::size_t count) override { held_begin_ += count; }
  EventClock clock() const override { return EventClock::kLocal; }
  BadRowCounts bad_rows() const override { return counts_; }

  static constexpr std::int64_t kTrailing = 5;

 private:
  std::size_t events_;
  std::size_t chunk_;
  std::size_t fail_at_;
  std::vector<std::int64_t> dropped_;
  std::size_t read_ = 0;
  std::size_t held_begin_ = 0;
  std::size_t held_end_ = 0;
  mutable std::vector<MarketEvent> held_view_;
  BadRowCounts counts_;
  bool trailing_counted_ = false;
};

/// The counts a sequential reader reports after handing out each number of events (index j:
/// after j events), and at the end.
std::vector<BadRowCounts> sequential_counts(std::size_t events, std::size_t chunk) {
  ScriptedReader reader(events, chunk);
  std::vector<BadRowCounts> counts{reader.bad_rows()};
  MarketEvent event;
  while (reader.next(event)) counts.push_back(reader.bad_rows());
  counts.push_back(reader.bad_rows());
  return counts;
}

}  // namespace

TEST_CASE("PrefetchingReader: the same stream, the same end, the same counts", "[replay]") {
  constexpr std::size_t kEvents = 2000;
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{64}}) {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
      INFO("chunk " << chunk << ", batch " << batch);
      const std::vector<BadRowCounts> expected = sequential_counts(kEvents, chunk);
      PrefetchingReader reader(std::make_unique<ScriptedReader>(kEvents, chunk), batch, 2);
      CHECK(reader.clock() == EventClock::kLocal);
      CHECK(reader.bad_rows() == expected[0]);
      // Single events, batches and decoded runs, interleaved in a fixed pattern.
      std::size_t taken = 0;
      bool ended = false;  // a batch came back short: the reader has found the end
      std::vector<MarketEvent> buffer(13);
      for (std::size_t step = 0; taken < kEvents; ++step) {
        MarketEvent event;
        switch (step % 3) {
          case 0:
            REQUIRE(reader.next(event));
            REQUIRE(event == ScriptedReader::event_at(taken));
            ++taken;
            break;
          case 1: {
            const std::size_t asked = 1 + step % 13;
            const std::size_t got = reader.next_batch(std::span(buffer).first(asked));
            REQUIRE(got == std::min(asked, kEvents - taken));
            ended = got < asked;
            for (std::size_t i = 0; i < got; ++i) {
              REQUIRE(buffer[i] == ScriptedReader::event_at(taken + i));
            }
            taken += got;
            break;
          }
          default: {
            const std::span<const MarketEvent> run = reader.decoded();
            const std::size_t use = std::min<std::size_t>(run.size(), 5);
            for (std::size_t i = 0; i < use; ++i) {
              REQUIRE(run[i] == ScriptedReader::event_at(taken + i));
            }
            reader.skip_decoded(use);
            taken += use;
            break;
          }
        }
        // What a sequential reader reports after as many events (or once it found the end), however
        // far the thread has read.
        REQUIRE(reader.bad_rows() == (ended ? expected.back() : expected[taken]));
      }
      MarketEvent event;
      CHECK_FALSE(reader.next(event));
      CHECK_FALSE(reader.next(event));
      CHECK(reader.next_batch(buffer) == 0);
      CHECK(reader.decoded().empty());
      CHECK(reader.bad_rows() == expected.back());
      CHECK(reader.bad_rows().dropped_rows ==
            expected[kEvents].dropped_rows + ScriptedReader::kTrailing);
    }
  }
}

TEST_CASE("PrefetchingReader: a failure is thrown where the source would throw it", "[replay]") {
  constexpr std::size_t kFailAt = 777;
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{50}}) {
    PrefetchingReader reader(std::make_unique<ScriptedReader>(1000, chunk, kFailAt), 64, 3);
    MarketEvent event;
    for (std::size_t i = 0; i < kFailAt; ++i) {
      REQUIRE(reader.next(event));
      REQUIRE(event == ScriptedReader::event_at(i));
    }
    CHECK_THROWS_WITH(reader.next(event), "bad data at event 777");
  }
  // A replay that stops before the failure never sees it, and the reader closes cleanly.
  PrefetchingReader stopped(std::make_unique<ScriptedReader>(1000, 1, 10), 4, 2);
  MarketEvent event;
  for (int i = 0; i < 10; ++i) REQUIRE(stopped.next(event));
}

TEST_CASE("PrefetchingReader: closed while reading ahead, or before reading at all", "[replay]") {
  // The thread waits for a free slot with the ring full; destruction stops it.
  {
    PrefetchingReader reader(std::make_unique<ScriptedReader>(100000, 16), 8, 2);
    MarketEvent event;
    REQUIRE(reader.next(event));
  }
  { PrefetchingReader untouched(std::make_unique<ScriptedReader>(100000, 16), 8, 2); }
  CHECK_THROWS_AS(PrefetchingReader(nullptr), std::invalid_argument);
  CHECK_THROWS_AS(PrefetchingReader(std::make_unique<ScriptedReader>(10, 1), 0, 2),
                  std::invalid_argument);
  CHECK_THROWS_AS(PrefetchingReader(std::make_unique<ScriptedReader>(10, 1), 8, 1),
                  std::invalid_argument);
}
