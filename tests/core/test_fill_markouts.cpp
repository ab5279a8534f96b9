#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "sim/core/fill_markouts.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Records the mark-outs reported, in order.
class MarkoutRecorder final : public RunObserver {
 public:
  void on_sample(const MarketSample&) override {}
  void on_snapshot(const SnapshotObservation&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_fill_markout(const FillMarkoutRecord& markout) override {
    fills.push_back(markout.fill);
    mids.push_back(markout.mid);
  }
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}

  std::vector<std::uint64_t> fills;
  std::vector<double> mids;
};

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

}  // namespace

TEST_CASE("FillMarkouts: the mid of the last clock step at or before the horizon, in fill order",
          "[fill_markouts]") {
  // A clock of 10 ns, a horizon of 25 ns; the steps' mids: 0 → 100, 10 → 101, 20 → one-sided,
  // 30 → 103, 40 → 104, 50 → 105 (the last step of the run).
  FillMarkouts markouts(25);
  MarkoutRecorder observer;
  markouts.on_step(0, 100.0, observer);
  markouts.on_fill(3);   // the horizon ends at 28: the step at 20, one-sided → NaN
  markouts.on_fill(5);   // ends at 30, on a step: that step's mid, 103
  markouts.on_fill(10);  // at a step's instant, before its record: ends at 35 → the step at 30
  markouts.on_step(10, 101.0, observer);
  markouts.on_fill(12);  // ends at 37 → 103
  markouts.on_step(20, kNaN, observer);
  CHECK(observer.mids.empty());  // nothing is final before the clock passes a horizon
  CHECK(markouts.pending() == 4);
  markouts.on_fill(21);  // ends at 46 → the step at 40, 104
  markouts.on_fill(25);  // ends at 50, the last step: 105
  markouts.on_fill(26);  // ends at 51, after the last step: NaN
  markouts.on_step(30, 103.0, observer);
  // 28 is final once the clock passes it (with the step at 20); 30 at its own step.
  REQUIRE(observer.mids.size() == 2);
  CHECK(std::isnan(observer.mids[0]));
  CHECK(observer.mids[1] == 103.0);
  markouts.on_step(40, 104.0, observer);
  CHECK(observer.mids.size() == 4);  // 35 and 37, with the step at 30
  markouts.on_step(50, 105.0, observer);
  markouts.finish(observer);
  const std::vector<double> expected{kNaN, 103.0, 103.0, 103.0, 104.0, 105.0, kNaN};
  REQUIRE(observer.mids.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(observer.fills[i] == i);
    CHECK(same(observer.mids[i], expected[i]));
  }
  CHECK(markouts.pending() == 0);
}

TEST_CASE("FillMarkouts: a horizon shorter than the step marks against the step before it",
          "[fill_markouts]") {
  FillMarkouts markouts(4);
  MarkoutRecorder observer;
  markouts.on_step(0, 100.0, observer);
  markouts.on_step(10, 101.0, observer);
  markouts.on_fill(12);  // ends at 16: the step at 10 (101), final once the clock reaches 20
  markouts.on_fill(17);  // ends at 21: the step at 20 (102)
  CHECK(observer.mids.empty());
  markouts.on_step(20, 102.0, observer);
  REQUIRE(observer.mids.size() == 1);
  CHECK(observer.mids[0] == 101.0);
  markouts.on_step(30, 103.0, observer);
  REQUIRE(observer.mids.size() == 2);
  CHECK(observer.mids[1] == 102.0);
}

TEST_CASE("FillMarkouts: a horizon past the end of time saturates and stays unmarked",
          "[fill_markouts]") {
  constexpr Nanos kLast = std::numeric_limits<Nanos>::max();
  FillMarkouts markouts(100);
  MarkoutRecorder observer;
  markouts.on_fill(kLast - 10);
  markouts.on_step(kLast - 5, 100.0, observer);
  CHECK(observer.mids.empty());
  markouts.on_step(kLast, 101.0, observer);  // the saturated instant is this step
  REQUIRE(observer.mids.size() == 1);
  CHECK(observer.mids[0] == 101.0);
}

TEST_CASE("FillMarkouts: a long run keeps its backlog, not its history", "[fill_markouts]") {
  // Ten fills a step for 10,000 steps with a horizon of 3 steps: every fill is reported once,
  // in order, and the queue never holds much more than the fills of the horizon.
  FillMarkouts markouts(30);
  MarkoutRecorder observer;
  std::size_t most_pending = 0;
  for (Nanos step = 0; step < 10'000; ++step) {
    markouts.on_step(10 * step, static_cast<double>(step), observer);
    for (Nanos k = 0; k < 10; ++k) markouts.on_fill(10 * step + k);
    most_pending = std::max(most_pending, markouts.pending());
  }
  markouts.finish(observer);
  REQUIRE(observer.mids.size() == 100'000);
  CHECK(most_pending <= 40);
  for (std::size_t i = 0; i < observer.fills.size(); ++i) {
    if (observer.fills[i] != i) FAIL("fill " << i << " reported as " << observer.fills[i]);
  }
  // The fill at 10·s + k (k < 10) ends at 10·(s + 3) + k: the mid of step s + 3.
  CHECK(observer.mids[0] == 3.0);
  CHECK(observer.mids[55] == 8.0);
  CHECK(std::isnan(observer.mids.back()));  // after the last step
}
