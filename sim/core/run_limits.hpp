#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"

namespace lmsim::sim {

// The documented limits of a run (docs/reliability.md). A scenario is checked against them
// when it is read (io's loader names the key and the limit); what cannot be known before the
// run — a price that runs away, cash that would overflow, more events than the scenario implies
// — stops the run with a RunLimitError instead of spinning, exhausting memory or wrapping round.

/// Prices in ticks: a market's initial price (and fundamental mean) may be at most this many
/// ticks, so that prices, spreads and their products with sizes stay far inside int64.
inline constexpr double kMaxPriceTicks = 1e12;
/// Sizes in lots (orders, balances) and amounts in cash units (one lot at one tick: balances,
/// an order's notional) may be at most 2^53, where doubles still count every unit exactly and
/// int64 keeps a factor 1024 of headroom for sums.
inline constexpr double kMaxUnits = 9007199254740992.0;
/// The accounts a run may hold (background agents and miner accounts together): each costs a
/// few hundred bytes of state, so this bounds a run's memory to a few hundred MB.
inline constexpr double kMaxAccounts = 1e6;
/// The events a scenario may imply over its window (clock steps, background wake-ups, miner
/// steps, snapshots; see estimate_events): about an hour of simulation on one core.
inline constexpr double kMaxExpectedEvents = 2e9;
/// A run stops when it has processed this many times the events its scenario implies (plus
/// kEventBudgetSlack): far more than any run has, far less than forever.
inline constexpr double kEventBudgetFactor = 16.0;
inline constexpr double kEventBudgetSlack = 1e6;

/// A run stopped at a limit. `key` is the scenario key that caused it (or that is most likely to
/// have), e.g. "market.tick_size"; the CLI reports it with the scenario file, exit status 2.
class RunLimitError : public std::runtime_error {
 public:
  RunLimitError(std::string key, const std::string& problem)
      : std::runtime_error(key + ": " + problem), key_(std::move(key)), problem_(problem) {}
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string key_;
  std::string problem_;
};

/// Where the events of a run come from: the key that sets their number, and how many.
struct EventSource {
  std::string key;    ///< e.g. "background.noise.mean_interval", "sim.dt"
  std::string what;   ///< e.g. "100 noise traders waking every 2m on average"
  double events = 0;  ///< expected over the run
};

/// The events a run of `scenario` is expected to process (an upper estimate, without the
/// recorded events a replay reads): two per clock step (the market's and the sampler's), one per
/// miner account per step (a miner acts at most once a step), each background agent's expected
/// wake-ups (duration / mean_interval; a once-a-day noise trader once), one per snapshot slot.
/// Sources sorted by events, largest first.
std::vector<EventSource> estimate_events(const Scenario& scenario);

/// The total of estimate_events.
double expected_events(const Scenario& scenario);

}  // namespace lmsim::sim
