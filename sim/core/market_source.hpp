#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sim/core/agent.hpp"
#include "sim/core/event_queue.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/venue.hpp"

namespace lmsim::sim {

class ReplayVenue;

/// Where a run's market comes from: the venue the miners trade at and everything in it that is
/// not a miner. Two sources exist:
/// - SyntheticMarket: an Exchange where a background population (ABIDES-style agents) trades
///   around a hidden fundamental value that moves on the simulation clock (kMarket events);
/// - RecordedMarket: a ReplayVenue into which a recorded event stream (a tape opened by the
///   caller from files; the core reads none) is applied instant by instant, the miners' orders
///   being virtual.
/// The Simulation owns the clock, the miners, the snapshots and the samples; the source owns
/// its venue and its own events, and its agents take the first accounts of the venue.
class MarketSource {
 public:
  /// Adds one of the source's agents under a stable name (its random stream's).
  using AddAgent = std::function<void(std::unique_ptr<Agent> agent, const std::string& name)>;

  virtual ~MarketSource() = default;

  virtual Venue& venue() = 0;
  virtual const Venue& venue() const = 0;
  /// Adds the source's agents, in account order from 0.
  virtual void add_agents(const AddAgent& add) = 0;
  /// Brings the market to `start` and schedules the source's first event.
  virtual void start(Nanos start, EventQueue& queue, MarketSignals& signals) = 0;
  /// Whether `event` is one of the source's own (not an agent's wake-up).
  virtual bool owns(const Event& event) const = 0;
  /// Handles one of its own events and schedules its next.
  virtual void on_event(const Event& event, EventQueue& queue, MarketSignals& signals) = 0;
  /// The value sampled as the market's fundamental beside `mid`: the hidden value of a
  /// synthetic market, the mid itself for a recorded one (which has no hidden value).
  virtual double fundamental(double mid) const = 0;
  /// A recorded market's venue, with the miners' virtual orders; nullptr for a synthetic one.
  virtual const ReplayVenue* replay_venue() const { return nullptr; }
  /// Bad rows the recorded market's readers dropped (none for a synthetic market).
  virtual replay::BadRowCounts bad_rows() const { return {}; }
};

/// The market source a scenario describes: a RecordedMarket over `recorded_market` when the
/// scenario replays one (which it then must not be null), a SyntheticMarket otherwise.
/// `miner_accounts` accounts follow the source's own in the venue.
std::unique_ptr<MarketSource> make_market_source(
    const Scenario& scenario, std::unique_ptr<replay::MarketEventReader> recorded_market,
    std::size_t miner_accounts);

}  // namespace lmsim::sim
