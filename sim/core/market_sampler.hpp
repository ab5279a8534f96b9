#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sim/core/agent.hpp"
#include "sim/core/market_source.hpp"
#include "sim/core/run_observer.hpp"

namespace lmsim::sim {

/// The most market samples a run records by default (one a second for a day).
inline constexpr std::int64_t kDefaultMarketSamples = 86'400;

/// How often a run of `duration` on a clock of `step` (ns, > 0) records its market series when
/// `[analysis] sample_interval` is unset: every step for a run of up to one day; for a longer
/// one the smallest whole multiple k·step that records at most kDefaultMarketSamples samples
/// (a sample at start + j·k·step before the end: ⌈duration / (k·step)⌉ of them), rounded up to
/// an interval dividing a minute or of whole minutes when a multiple at most twice k is one. So
/// a week at 1 s is recorded every 10 s (7 s would divide no minute, and the minute facts could
/// not be read). A day or less at a step under a second keeps every step.
Nanos default_sample_interval(Nanos duration, Nanos step);

/// The recording grid of `scenario`'s market series: `[analysis] sample_interval` when set
/// (validated as a whole multiple of sim.dt), else default_sample_interval.
Nanos market_sample_interval(const Scenario& scenario);

/// Samples the market on the simulation clock (the kRecord phase): best prices and mid, depth
/// within ±0.5/1/2% of the mid, the slippage of each reference market-order size (whitepaper
/// Eq. 1), the traded volume, and the realised volatility of the mid — an EWMA of squared log
/// returns between clock steps (`volatility_interval` 0) or over `volatility_interval` (taken at
/// the first step at least that long after the previous return, each weighted by the time it
/// spans; updated every step, whatever the recording grid), the EWMA forgetting with
/// `volatility_half_life`, annualised, which it also publishes in MarketSignals for the agents. It
/// also hands on the trades printed since the previous recorded sample (and clears the venue's
/// print buffer). For a recorded market the sample is the recorded book (reported as the baseline,
/// the market without the campaign) and again with the miners' virtual orders added. An unchanged
/// book gives unchanged depth and slippage, so those walks run only after the book changed.
class MarketSampler {
 public:
  MarketSampler(const Scenario& scenario, Venue& venue, const ReplayVenue* replay_venue);

  /// Samples at `time` and reports it to `observer`.
  void sample(Nanos time, const MarketSource& source, MarketSignals& signals,
              RunObserver& observer);

 private:
  /// Advances the realised-volatility EWMA by the step at `time`
  /// (MarketSignals::realised_volatility).
  void update_volatility(Nanos time, const OrderBook& book, MarketSignals& signals);
  std::array<double, kDepthBands.size()> depth_within(Side side, double mid) const;
  /// The slippage of a market order of every reference size on `taker_side` into `out` (in
  /// reference_order_sizes order; NaN where the book cannot fill it), with a replay's virtual
  /// orders joining the book when `with_virtual_orders`.
  void reference_slippage(Side taker_side, double mid, bool with_virtual_orders,
                          std::span<double> out);

  const MarketSpec& spec_;
  Venue& venue_;
  const ReplayVenue* replay_venue_;
  Nanos step_;
  Nanos start_;
  Nanos record_every_;  ///< market_sample_interval
  Nanos volatility_half_life_;
  Nanos volatility_interval_;
  std::vector<double> sizes_;
  std::array<std::array<double, kDepthBands.size()>, 2> depth_cache_{};  ///< {bids, asks} × bands
  std::uint64_t depth_cache_events_ = ~std::uint64_t{0};
  std::vector<std::size_t> sizes_ascending_;  ///< reference_order_sizes indices, smallest first
  std::vector<std::pair<Ticks, Lots>> virtual_levels_;  ///< scratch of reference_slippage
  std::vector<double> slippage_buy_;
  std::vector<double> slippage_sell_;
  std::vector<double> virtual_slippage_buy_;  ///< a replay's, with the miners' virtual orders
  std::vector<double> virtual_slippage_sell_;
  std::vector<MarketTrade> trades_;  ///< the prints of the current sample, converted
  double variance_ewma_ = 0.0;       ///< volatility_interval 0: EWMA of r² per step
  double variance_rate_ewma_ = 0.0;  ///< otherwise: EWMA of r² / Δt, per ns
  double last_log_mid_ = 0.0;        ///< at the start of the current return
  Nanos last_mid_time_ = 0;
  bool has_last_mid_ = false;
};

}  // namespace lmsim::sim
