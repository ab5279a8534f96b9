#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/reward_ledger.hpp"
#include "engine/snapshot.hpp"
#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// Distances from the mid, as fractions, within which depth is sampled: ±0.5%, ±1%, ±2%.
inline constexpr std::array<double, 3> kDepthBands{0.005, 0.01, 0.02};

/// One trade of the market in quote currency and base asset (a venue's PublicTrade converted).
struct MarketTrade {
  Nanos time = 0;
  double price = 0.0;
  double size = 0.0;
  Side aggressor = Side::kBid;  ///< kBid = buyer-initiated
};

/// The market as sampled on the simulation clock. Prices are quote currency and depths base
/// asset; a one-sided book has NaN mid, spread and missing sides.
struct MarketSample {
  Nanos time = 0;
  double mid = 0.0;
  double best_bid = 0.0;
  double best_ask = 0.0;
  std::array<double, kDepthBands.size()> depth_bid{};  ///< bids within each band below the mid
  std::array<double, kDepthBands.size()> depth_ask{};
  /// Slippage against the mid of a market buy / sell of each reference size (whitepaper Eq. 1,
  /// relative to the mid: Σ|p_i − mid|·v_i / (v·mid)); NaN when the book cannot fill it.
  std::span<const double> slippage_buy;
  std::span<const double> slippage_sell;
  double fundamental = 0.0;
  double realised_volatility = 0.0;
  double traded_volume = 0.0;  ///< base asset traded since the start
  /// The market's trades since the previous sample (this instant's included), in time order:
  /// the venue's prints — a synthetic market's executions, a replay's recorded trades.
  std::span<const MarketTrade> trades;
};

/// One campaign snapshot as taken: the instant, the market and what the engine paid. `orders` is
/// exactly what was scored (the miners' resting orders, in miner order, with the engine's miner
/// ids); `inventories` holds each miner's base-asset position at the instant. The engine numbers
/// miners in name order; `miner_of_ledger_id` maps those ids back to miner indices.
struct SnapshotObservation {
  Nanos time = 0;
  double mid = 0.0;  ///< NaN when the book was one-sided (nothing could be scored)
  double best_bid = 0.0;
  double best_ask = 0.0;
  const engine::SnapshotAward* award = nullptr;
  const engine::OrderTable* orders = nullptr;
  std::span<const double> inventories;
  std::span<const std::uint32_t> miner_of_ledger_id;
  /// Per miner (miner index): eligible size (base asset) on each side and the spread of its
  /// tightest eligible order (fraction of the mid; NaN when it had none).
  std::span<const double> eligible_amount_bid;
  std::span<const double> eligible_amount_ask;
  std::span<const double> best_spread_bid;
  std::span<const double> best_spread_ask;
  /// Per miner (miner index), whatever the rule: its size at the book's best price on each side
  /// (base asset; a replay's book with the miners' virtual orders), and its part of the
  /// reference market orders' walks (UsefulLiquidityMeter), base asset summed over the sizes.
  std::span<const double> size_at_touch_bid;
  std::span<const double> size_at_touch_ask;
  std::span<const double> reference_fill_bid;
  std::span<const double> reference_fill_ask;
};

/// A fill of a miner's order.
struct MinerFillRecord {
  Nanos time = 0;
  std::uint32_t miner = 0;
  Side side = Side::kBid;  ///< side of the miner's order (bid = the miner bought)
  double price = 0.0;
  double amount = 0.0;
  bool maker = true;
  /// The miner on the other side (miner index), or −1 when it was not a miner account.
  std::int64_t counterparty = -1;
};

/// The mid a miner fill is marked out against (FillMarkouts): `fill` numbers the fills in
/// on_miner_fill order from 0; `mid` is quote currency, NaN when the fill is left unmarked (the
/// book was one-sided then, or the horizon ends after the run's last clock step).
struct FillMarkoutRecord {
  std::uint64_t fill = 0;
  double mid = 0.0;
};

/// Receives a run's observations as they happen, in time order, so results can be streamed to
/// disk instead of held in memory. Every method is pure: an observer (and above all a fanout)
/// states what it does with each kind of observation, so a forgotten one does not compile.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  /// The market, sampled every clock step.
  virtual void on_sample(const MarketSample& sample) = 0;
  /// A campaign snapshot, as scored.
  virtual void on_snapshot(const SnapshotObservation& snapshot) = 0;
  virtual void on_miner_fill(const MinerFillRecord& fill) = 0;
  /// The mark-out mid of a fill reported before, once the clock has passed its horizon (or at
  /// the end of the run): in fill order, one per fill.
  virtual void on_fill_markout(const FillMarkoutRecord& markout) = 0;
  /// A replay's recorded market without the miners' virtual orders, sampled with on_sample
  /// (never called for a synthetic market, whose baseline is a run of its own).
  virtual void on_baseline_sample(const MarketSample& sample) = 0;
  /// Called now and then with the fraction of simulated time done.
  virtual void on_progress(double fraction) = 0;
};

/// Forwards every observation to several observers, in the order they were added.
class ObserverFanout final : public RunObserver {
 public:
  void add(RunObserver& observer) { observers_.push_back(&observer); }
  void on_sample(const MarketSample& sample) override { each(&RunObserver::on_sample, sample); }
  void on_snapshot(const SnapshotObservation& snapshot) override {
    each(&RunObserver::on_snapshot, snapshot);
  }
  void on_miner_fill(const MinerFillRecord& fill) override {
    each(&RunObserver::on_miner_fill, fill);
  }
  void on_fill_markout(const FillMarkoutRecord& markout) override {
    each(&RunObserver::on_fill_markout, markout);
  }
  void on_baseline_sample(const MarketSample& sample) override {
    each(&RunObserver::on_baseline_sample, sample);
  }
  void on_progress(double fraction) override { each(&RunObserver::on_progress, fraction); }

 private:
  template <typename Method, typename Observation>
  void each(Method method, const Observation& observation) {
    for (RunObserver* observer : observers_) (observer->*method)(observation);
  }

  std::vector<RunObserver*> observers_;
};

}  // namespace lmsim::sim
