#pragma once

#include <optional>
#include <vector>

#include "sim/core/market_source.hpp"
#include "sim/core/replay_venue.hpp"

namespace lmsim::sim {

/// A recorded market (MarketSource): the events of a recorded stream (LOBSTER, tardis.dev, an
/// lmsim market file — read by io, handed over as a MarketEventReader) are grouped by instant on
/// the scenario's clock and applied to a ReplayVenue, one group per event of the simulation
/// (kBackground, actor 0: account 0 is the recorded market's seat, the counterparty of every
/// virtual fill). Everything recorded before the start is applied at once. The miners' orders
/// are virtual: they never change the recorded book (docs/replay.md).
class RecordedMarket final : public MarketSource {
 public:
  RecordedMarket(const Scenario& scenario, std::unique_ptr<replay::MarketEventReader> tape,
                 std::size_t miner_accounts);

  Venue& venue() override { return venue_; }
  const Venue& venue() const override { return venue_; }
  void add_agents(const AddAgent& add) override;
  void start(Nanos start, EventQueue& queue, MarketSignals& signals) override;
  bool owns(const Event& event) const override {
    return event.phase == EventPhase::kBackground && event.actor == kSeat;
  }
  void on_event(const Event& event, EventQueue& queue, MarketSignals& signals) override;
  double fundamental(double mid) const override { return mid; }
  const ReplayVenue* replay_venue() const override { return &venue_; }
  replay::BadRowCounts bad_rows() const override { return tape_->bad_rows(); }

 private:
  /// The recorded market's account and agent index.
  static constexpr std::uint32_t kSeat = 0;

  /// Reads the recorded events of the next instant into group_view_; false at the end of the
  /// data.
  bool read_group();

  replay::EventClock clock_;
  ReplayVenue venue_;
  std::unique_ptr<replay::MarketEventReader> tape_;
  std::vector<replay::MarketEvent> group_;  ///< a group gathered across the reader's runs
  /// The group to apply next: in the reader's own decoded events when it lies wholly among
  /// them (most groups: no copy; they stay put until the reader reads on, which is only after
  /// the group is applied), else group_.
  std::span<const replay::MarketEvent> group_view_;
  Nanos group_time_ = 0;
  std::optional<replay::MarketEvent> next_event_;
};

}  // namespace lmsim::sim
