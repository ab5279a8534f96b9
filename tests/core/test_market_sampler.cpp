#include <catch2/catch.hpp>

#include "sim/core/market_sampler.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

constexpr Nanos kSecond = engine::kNanosPerSecond;
constexpr Nanos kDay = engine::kNanosPerDay;

}  // namespace

TEST_CASE("default_sample_interval: every step up to a day, at most 86,400 samples beyond",
          "[market_sampler]") {
  CHECK(default_sample_interval(12 * engine::kNanosPerMinute, kSecond) == kSecond);
  CHECK(default_sample_interval(kDay, kSecond) == kSecond);
  // A day at 100 ms keeps every step: the limit is for longer runs.
  CHECK(default_sample_interval(kDay, kSecond / 10) == kSecond / 10);
  // A week at 1 s: 604,800 steps, every 7th is 86,400 samples exactly; 7 s divides no minute,
  // so every 10th (60,480 samples), which keeps the one- and five-minute facts.
  CHECK(default_sample_interval(7 * kDay, kSecond) == 10 * kSecond);
  // 100 days at 1 s: every 100th would do; two minutes is a whole number of minutes.
  CHECK(default_sample_interval(100 * kDay, kSecond) == 120 * kSecond);
  // A clock of 7 s over 10 days: 123,429 steps need every 2nd, 14 s; no multiple up to 28 s
  // divides a minute or is whole minutes, so 14 s.
  CHECK(default_sample_interval(10 * kDay, 7 * kSecond) == 14 * kSecond);
  CHECK(default_sample_interval(2 * kDay, kSecond) == 2 * kSecond);
  // One second over a day: 86,401 steps need every 2nd (43,201 samples).
  CHECK(default_sample_interval(kDay + kSecond, kSecond) == 2 * kSecond);
  // 2.5 days at 1 s: 216,000 steps, every 3rd (72,000 samples; every 2nd would be 108,000).
  CHECK(default_sample_interval(5 * kDay / 2, kSecond) == 3 * kSecond);
  // A clock of 250 ms over 3 days: 1,036,800 steps, every 12th: 3 s.
  CHECK(default_sample_interval(3 * kDay, kSecond / 4) == 3 * kSecond);
  // A duration that is not a whole number of steps: the last partial step is sampled too.
  CHECK(default_sample_interval(2 * kDay + kSecond / 2, kSecond) == 3 * kSecond);
  // A clock coarser than the limit needs: every step.
  CHECK(default_sample_interval(30 * kDay, engine::kNanosPerMinute) == engine::kNanosPerMinute);
}

TEST_CASE("market_sample_interval: an explicit interval wins over the default",
          "[market_sampler]") {
  Scenario scenario;
  scenario.sim.step = kSecond;
  scenario.sim.duration = 7 * kDay;
  CHECK(market_sample_interval(scenario) == 10 * kSecond);
  scenario.analysis.sample_interval = kSecond;
  CHECK(market_sample_interval(scenario) == kSecond);
  scenario.analysis.sample_interval = 60 * kSecond;
  CHECK(market_sample_interval(scenario) == 60 * kSecond);
}
