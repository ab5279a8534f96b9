#include "sim/core/market_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/not_a_number.hpp"
#include "sim/core/replay_venue.hpp"

namespace lmsim::sim {

namespace {

constexpr double kNanosPerYear = 365.25 * 86400e9;

}  // namespace

Nanos default_sample_interval(Nanos duration, Nanos step) {
  if (duration <= engine::kNanosPerDay) return step;
  // k·step records ⌈steps / k⌉ samples, at most the limit once k ≥ steps / limit.
  const std::int64_t steps = duration / step + (duration % step != 0 ? 1 : 0);
  const std::int64_t fewest =
      std::max<std::int64_t>((steps + kDefaultMarketSamples - 1) / kDefaultMarketSamples, 1);
  // Rounded up to a grid the minute facts can read — an interval dividing a minute (10 s rather
  // than 7 s for a week) or a whole number of minutes — when a multiple of the step at most twice
  // the fewest is one; otherwise the fewest.
  constexpr Nanos kMinute = engine::kNanosPerMinute;
  for (std::int64_t multiple = fewest; multiple <= 2 * fewest; ++multiple) {
    const Nanos interval = multiple * step;
    if (interval <= kMinute ? kMinute % interval == 0 : interval % kMinute == 0) return interval;
  }
  return fewest * step;
}

Nanos market_sample_interval(const Scenario& scenario) {
  return scenario.analysis.sample_interval.value_or(
      default_sample_interval(scenario.sim.duration, scenario.sim.step));
}

MarketSampler::MarketSampler(const Scenario& scenario, Venue& venue,
                             const ReplayVenue* replay_venue)
    : spec_(venue.spec()),
      venue_(venue),
      replay_venue_(replay_venue),
      step_(scenario.sim.step),
      start_(scenario.sim.start),
      record_every_(market_sample_interval(scenario)),
      volatility_half_life_(scenario.market.volatility_half_life),
      volatility_interval_(scenario.market.volatility_interval > 0
                               ? std::max(scenario.market.volatility_interval, scenario.sim.step)
                               : 0),
      sizes_(scenario.analysis.reference_order_sizes) {
  for (std::size_t i = 0; i < sizes_.size(); ++i) sizes_ascending_.push_back(i);
  std::stable_sort(sizes_ascending_.begin(), sizes_ascending_.end(),
                   [&](std::size_t a, std::size_t b) { return sizes_[a] < sizes_[b]; });
  for (auto* slippage :
       {&slippage_buy_, &slippage_sell_, &virtual_slippage_buy_, &virtual_slippage_sell_}) {
    slippage->resize(sizes_.size());
  }
}

std::array<double, kDepthBands.size()> MarketSampler::depth_within(Side side, double mid) const {
  const MarketSpec& spec = spec_;
  std::array<Ticks, kDepthBands.size()> limits{};
  for (std::size_t i = 0; i < limits.size(); ++i) {
    limits[i] = side == Side::kBid ? spec.ticks_ceil(mid * (1.0 - kDepthBands[i]))
                                   : spec.ticks_floor(mid * (1.0 + kDepthBands[i]));
  }
  std::array<Lots, kDepthBands.size()> depth{};
  venue_.book().depths_to(side, limits, depth);
  std::array<double, kDepthBands.size()> result{};
  for (std::size_t i = 0; i < depth.size(); ++i) result[i] = spec.amount(depth[i]);
  return result;
}

void MarketSampler::reference_slippage(Side taker_side, double mid, bool with_virtual_orders,
                                       std::span<double> out) {
  std::fill(out.begin(), out.end(), kNaN);
  if (sizes_ascending_.empty()) return;
  const MarketSpec& spec = spec_;
  const std::vector<double>& sizes = sizes_;
  const Side book_side = taker_side == Side::kBid ? Side::kAsk : Side::kBid;
  const bool asks = book_side == Side::kAsk;
  // A replay's virtual orders join the recorded levels, best first.
  virtual_levels_.clear();
  if (with_virtual_orders && replay_venue_ != nullptr) {
    replay_venue_->for_each_virtual_order([&](Side side, Ticks price, Lots remaining) {
      if (side == book_side) virtual_levels_.emplace_back(price, remaining);
    });
    std::sort(virtual_levels_.begin(), virtual_levels_.end(), [&](const auto& a, const auto& b) {
      return asks ? a.first < b.first : a.first > b.first;
    });
  }
  // Sizes beyond everything resting cannot be filled: leaving them out saves walking the whole
  // side for nothing.
  double resting = static_cast<double>(venue_.book().total_quantity(book_side));
  for (const auto& level : virtual_levels_) resting += static_cast<double>(level.second);
  std::size_t fillable = 0;
  while (fillable < sizes_ascending_.size() &&
         sizes[sizes_ascending_[fillable]] / spec.lot_size <= resting + 1e-9) {
    ++fillable;
  }
  if (fillable == 0) return;
  // One walk serves every size: the sizes in ascending order, each continuing from where the
  // one before it was filled.
  std::size_t next = 0;
  double target = sizes[sizes_ascending_[0]] / spec.lot_size;  // lots of the current size
  double left = target;                                        // lots it still needs
  double cost = 0.0;                                           // Σ |p − mid| · v, quote per lot
  // The current size is filled: record it and go on to the next; false when none is left.
  const auto advance = [&] {
    while (left <= 0.0) {
      out[sizes_ascending_[next]] = cost / target / mid;
      if (++next == fillable) return false;
      const double following = sizes[sizes_ascending_[next]] / spec.lot_size;
      left = following - target;
      target = following;
    }
    return true;
  };
  const auto consume = [&](Ticks price, Lots quantity) {
    const double distance = std::abs(spec.price(price) - mid);
    double available = static_cast<double>(quantity);
    while (true) {
      const double taken = std::min(left, available);
      cost += distance * taken;
      left -= taken;
      available -= taken;
      if (left > 0.0) return true;
      if (!advance()) return false;
    }
  };
  std::size_t next_virtual = 0;
  bool wanting = true;
  const auto consume_virtual_up_to = [&](Ticks price) {
    for (; wanting && next_virtual < virtual_levels_.size(); ++next_virtual) {
      const auto [at, remaining] = virtual_levels_[next_virtual];
      if (asks ? at > price : at < price) break;
      wanting = consume(at, remaining);
    }
  };
  using Step = OrderBook::BlockStep;
  venue_.book().walk_blocks(
      book_side,
      [&](const OrderBook::Block& block) {
        // A block is taken whole when it does not complete a size and no virtual order lies
        // before its far end; its cost then comes from its quantity and first moment.
        const Ticks far = asks ? block.highest() : block.lowest;
        const bool virtual_before = next_virtual < virtual_levels_.size() &&
                                    (asks ? virtual_levels_[next_virtual].first <= far
                                          : virtual_levels_[next_virtual].first >= far);
        const auto quantity = static_cast<double>(block.quantity);
        if (virtual_before || quantity >= left) return Step::kLevels;
        const double offset = spec.tick_size * static_cast<double>(block.moment);
        cost += asks ? (spec.price(block.lowest) - mid) * quantity + offset
                     : (mid - spec.price(block.lowest)) * quantity - offset;
        left -= quantity;
        return Step::kNext;
      },
      [&](Ticks price, Lots quantity) {
        consume_virtual_up_to(price);
        if (wanting) wanting = consume(price, quantity);
        return wanting;
      });
  consume_virtual_up_to(asks ? std::numeric_limits<Ticks>::max() : 0);
  // Within rounding of a full fill counts as filled.
  if (wanting && left <= 1e-9) out[sizes_ascending_[next]] = cost / target / mid;
}

void MarketSampler::update_volatility(Nanos time, const OrderBook& book, MarketSignals& signals) {
  // Realised volatility: an EWMA of squared log returns, annualised.
  if (!book.has_two_sides()) return;
  const double log_mid = std::log(book.mid_ticks() * spec_.tick_size);
  if (volatility_interval_ == 0) {
    // Between consecutive steps (the estimator before volatility_interval existed: results of
    // scenarios without the key are unchanged).
    if (has_last_mid_) {
      const double step = static_cast<double>(step_);
      const double decay = std::exp2(-step / static_cast<double>(volatility_half_life_));
      const double change = log_mid - last_log_mid_;
      variance_ewma_ = decay * variance_ewma_ + (1.0 - decay) * change * change;
      signals.realised_volatility = std::sqrt(variance_ewma_ * kNanosPerYear / step);
    }
    last_log_mid_ = log_mid;
    has_last_mid_ = true;
    return;
  }
  // Over volatility_interval: a return at the first step at least that long after the previous
  // one, as a variance rate (r² / Δt), so each return weighs by the time it spans.
  if (!has_last_mid_) {
    last_log_mid_ = log_mid;
    last_mid_time_ = time;
    has_last_mid_ = true;
  } else if (time - last_mid_time_ >= volatility_interval_) {
    const double elapsed = static_cast<double>(time - last_mid_time_);
    const double decay = std::exp2(-elapsed / static_cast<double>(volatility_half_life_));
    const double change = log_mid - last_log_mid_;
    variance_rate_ewma_ = decay * variance_rate_ewma_ + (1.0 - decay) * change * change / elapsed;
    signals.realised_volatility = std::sqrt(variance_rate_ewma_ * kNanosPerYear);
    last_log_mid_ = log_mid;
    last_mid_time_ = time;
  }
}

void MarketSampler::sample(Nanos time, const MarketSource& source, MarketSignals& signals,
                           RunObserver& observer) {
  const MarketSpec& spec = spec_;
  const OrderBook& book = venue_.book();
  // The agents' realised volatility follows every step; the series is recorded on its grid.
  update_volatility(time, book, signals);
  if ((time - start_) % record_every_ != 0) return;
  MarketSample sample;
  sample.time = time;
  sample.best_bid = book.best(Side::kBid) ? spec.price(*book.best(Side::kBid)) : kNaN;
  sample.best_ask = book.best(Side::kAsk) ? spec.price(*book.best(Side::kAsk)) : kNaN;
  sample.mid = kNaN;
  if (book.has_two_sides()) {
    sample.mid = book.mid_ticks() * spec.tick_size;
    // The walks are the costly part of a sample; an unchanged book gives unchanged answers.
    if (book.event_count() != depth_cache_events_) {
      depth_cache_ = {depth_within(Side::kBid, sample.mid), depth_within(Side::kAsk, sample.mid)};
      reference_slippage(Side::kBid, sample.mid, false, slippage_buy_);
      reference_slippage(Side::kAsk, sample.mid, false, slippage_sell_);
      depth_cache_events_ = book.event_count();
    }
    sample.depth_bid = depth_cache_[0];
    sample.depth_ask = depth_cache_[1];
    sample.slippage_buy = slippage_buy_;
    sample.slippage_sell = slippage_sell_;
  }
  if (!book.has_two_sides()) {
    // Without a mid there is no band to measure depth in: undefined, not zero.
    sample.depth_bid.fill(kNaN);
    sample.depth_ask.fill(kNaN);
    std::fill(slippage_buy_.begin(), slippage_buy_.end(), kNaN);
    std::fill(slippage_sell_.begin(), slippage_sell_.end(), kNaN);
    sample.slippage_buy = slippage_buy_;
    sample.slippage_sell = slippage_sell_;
    depth_cache_events_ = ~std::uint64_t{0};
  }
  sample.fundamental = source.fundamental(sample.mid);
  sample.realised_volatility = signals.realised_volatility;
  sample.traded_volume = spec.amount(venue_.traded_volume());
  trades_.clear();
  for (const PublicTrade& print : venue_.prints()) {
    trades_.push_back(MarketTrade{print.time, spec.price(print.price), spec.amount(print.quantity),
                                  print.aggressor});
  }
  sample.trades = trades_;
  if (replay_venue_ == nullptr) {
    observer.on_sample(sample);
    venue_.take_prints();
    return;
  }
  // A replay's miners do not change the recorded book: the recorded book is the market without
  // the campaign, and the market with it adds the miners' virtual orders.
  observer.on_baseline_sample(sample);
  MarketSample with_miners = sample;
  if (book.has_two_sides()) {
    const double mid = sample.mid;
    replay_venue_->for_each_virtual_order([&](Side side, Ticks price, Lots remaining) {
      const double at = spec.price(price);
      for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
        if (side == Side::kBid && price >= spec.ticks_ceil(mid * (1.0 - kDepthBands[band]))) {
          with_miners.depth_bid[band] += spec.amount(remaining);
        }
        if (side == Side::kAsk && price <= spec.ticks_floor(mid * (1.0 + kDepthBands[band]))) {
          with_miners.depth_ask[band] += spec.amount(remaining);
        }
      }
      if (side == Side::kBid) with_miners.best_bid = std::max(with_miners.best_bid, at);
      if (side == Side::kAsk) with_miners.best_ask = std::min(with_miners.best_ask, at);
    });
    reference_slippage(Side::kBid, mid, true, virtual_slippage_buy_);
    reference_slippage(Side::kAsk, mid, true, virtual_slippage_sell_);
  } else {
    std::fill(virtual_slippage_buy_.begin(), virtual_slippage_buy_.end(), kNaN);
    std::fill(virtual_slippage_sell_.begin(), virtual_slippage_sell_.end(), kNaN);
  }
  with_miners.slippage_buy = virtual_slippage_buy_;
  with_miners.slippage_sell = virtual_slippage_sell_;
  observer.on_sample(with_miners);
  venue_.take_prints();
}

}  // namespace lmsim::sim
