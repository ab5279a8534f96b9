#include "sim/core/miners/economics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim::miners {

namespace {

constexpr double kDaysPerYear = 365.25;
constexpr double kNanosPerYear = kDaysPerYear * 86400e9;

/// An amount earned over `period` as an annual rate on `capital`.
double annualised(double amount, engine::Nanos period, double capital) {
  if (!(capital > 0.0) || period <= 0) return 0.0;
  return amount / capital * kNanosPerYear / static_cast<double>(period);
}

}  // namespace

const engine::ParamSpec<EconomicsParams>& economics_spec() {
  using P = EconomicsParams;
  using engine::Bounds;
  static const engine::ParamSpec<P> spec = [] {
    engine::ParamSpec<P> keys;
    keys.number(
            "reservation_yield", [](P& p) -> double& { return p.reservation_yield; },
            Bounds::between(0.0, 100.0),
            "annual yield the capital must earn, net of trading, for the miner to quote (0.15 = "
            "15%)")
        .number(
            "hysteresis", [](P& p) -> double& { return p.hysteresis; }, Bounds::between(0.0, 10.0),
            "join above reservation + h/2, leave below reservation − h/2 (annual yield)")
        .duration(
            "review_every", [](P& p) -> engine::Nanos& { return p.review_every; },
            Bounds::between(1e9, 365.0 * 86400e9), "how often the miner reviews its position")
        .choice<YieldSignal>(
            "signal", [](P& p) -> YieldSignal& { return p.signal; }, {"published", "trailing"},
            {YieldSignal::kPublished, YieldSignal::kTrailing},
            "the expected reward: the campaign's published yield at the last snapshot, or the "
            "miner's own realised reward yield over the lookback")
        .duration(
            "lookback", [](P& p) -> engine::Nanos& { return p.lookback; },
            Bounds::between(1e9, 365.0 * 86400e9),
            "window of the trailing signal and of the realised trading costs")
        .choice<TradingResult>(
            "trading_result", [](P& p) -> TradingResult& { return p.trading_result; },
            {"inventory", "markout"}, {TradingResult::kInventory, TradingResult::kMarkout},
            "inventory: the account against holding its start, both at the mid of the review; "
            "markout: every fill valued at the mid `markout_horizon` after it (no inventory "
            "revaluation)")
        .duration(
            "markout_horizon", [](P& p) -> engine::Nanos& { return p.markout_horizon; },
            Bounds::between(1e9, 86400e9), "how long after a fill the markout values it")
        .choice<SizePolicy>(
            "size_policy", [](P& p) -> SizePolicy& { return p.size_policy; },
            {"fixed", "yield_scaled"}, {SizePolicy::kFixed, SizePolicy::kYieldScaled},
            "fixed: the strategy's sizes; yield_scaled: × expected yield / reservation yield")
        .number(
            "min_size_scale", [](P& p) -> double& { return p.min_size_scale; },
            Bounds::above_up_to(0.0, 1000.0), "smallest size multiplier of yield_scaled")
        .number(
            "max_size_scale", [](P& p) -> double& { return p.max_size_scale; },
            Bounds::above_up_to(0.0, 1000.0), "largest size multiplier of yield_scaled")
        .choice<SpreadPolicy>(
            "spread_policy", [](P& p) -> SpreadPolicy& { return p.spread_policy; },
            {"fixed", "best_response"}, {SpreadPolicy::kFixed, SpreadPolicy::kBestResponse},
            "fixed: the strategy's spread; best_response: learnt from the miner's own payoffs "
            "over `spreads` (UCB1)")
        .numbers(
            "spreads", [](P& p) -> std::vector<double>& { return p.spreads; },
            Bounds::above_up_to(0.0, 100.0), "the spreads a best response chooses from, percent")
        .number(
            "exploration", [](P& p) -> double& { return p.exploration; },
            Bounds::between(0.0, 100.0), "c of UCB1: how much an untried spread is worth trying")
        .check([](const P& p) -> std::optional<engine::ParamError> {
          if (p.min_size_scale > p.max_size_scale) {
            return engine::ParamError{"min_size_scale", "must not exceed max_size_scale"};
          }
          if (p.spreads.empty() || p.spreads.size() > 64) {
            return engine::ParamError{"spreads", "expected 1 to 64 spreads"};
          }
          if (!std::is_sorted(p.spreads.begin(), p.spreads.end()) ||
              std::adjacent_find(p.spreads.begin(), p.spreads.end()) != p.spreads.end()) {
            return engine::ParamError{"spreads", "must be in increasing order, each once"};
          }
          return std::nullopt;
        });
    return keys;
  }();
  return spec;
}

MinerEconomics::MinerEconomics(EconomicsParams params)
    : params_(std::move(params)),
      payoff_sum_(params_.spreads.size(), 0.0),
      payoff_count_(params_.spreads.size(), 0) {
  current_.active = true;  // a miner starts in the market, as configured
  if (params_.spread_policy == SpreadPolicy::kBestResponse) current_.spread = params_.spreads[0];
}

EconomicsDecision MinerEconomics::review(const ReviewInputs& in) {
  // The period since the last review is credited to the spread used in it (when active).
  if (!marks_.empty() && current_.active) {
    const Mark& last = marks_.back();
    const engine::Nanos period = in.active_total - last.active;
    if (period > 0 && params_.spread_policy == SpreadPolicy::kBestResponse) {
      const double payoff = annualised(
          (in.reward_total - last.reward) + (in.trading_total - last.trading), period, in.capital);
      payoff_sum_[current_.spread_choice] += payoff;
      ++payoff_count_[current_.spread_choice];
    }
  }
  marks_.push_back({in.now, in.reward_total, in.trading_total, in.active_total});
  // The trailing window: the oldest mark within the lookback (always keep one to measure from).
  while (marks_.size() > 2 && marks_[1].time <= in.now - params_.lookback) {
    marks_.erase(marks_.begin());
  }
  const Mark& oldest = marks_.front();
  const engine::Nanos window = in.active_total - oldest.active;
  const double reward_yield = annualised(in.reward_total - oldest.reward, window, in.capital);
  const double trading_yield = annualised(in.trading_total - oldest.trading, window, in.capital);

  EconomicsDecision decision = current_;
  decision.realised_yield = reward_yield + trading_yield;
  ++reviews_;

  // The spread to quote at if active: the best response so far.
  if (params_.spread_policy == SpreadPolicy::kBestResponse) {
    std::size_t choice = 0;
    double best = -std::numeric_limits<double>::infinity();
    std::int64_t tried = 0;
    for (const std::int64_t count : payoff_count_) tried += count;
    for (std::size_t k = 0; k < params_.spreads.size(); ++k) {
      if (payoff_count_[k] == 0) {
        choice = k;  // untried spreads first, tightest first
        best = std::numeric_limits<double>::infinity();
        break;
      }
      const double mean = payoff_sum_[k] / static_cast<double>(payoff_count_[k]);
      const double bonus =
          params_.exploration * std::sqrt(2.0 * std::log(static_cast<double>(tried)) /
                                          static_cast<double>(payoff_count_[k]));
      if (mean + bonus > best) {
        best = mean + bonus;
        choice = k;
      }
    }
    decision.spread_choice = choice;
    decision.spread = params_.spreads[choice];
  }

  // The expected yield if active: the published signal values the miner's planned size at the
  // yield per unit of liquidity the campaign pays — its reward per day over the eligible
  // liquidity it would join (the others' and its own) — as Hummingbot's Miner app showed it;
  // the trailing signal is what the miner earned. Both net of its realised trading.
  double expected_reward = reward_yield;
  if (params_.signal == YieldSignal::kPublished) {
    const double others = std::max(0.0, in.eligible_liquidity - in.own_eligible);
    const double joined = others + in.planned_size;
    const double per_day = joined > 0.0 ? in.reward_per_day * in.planned_size / joined : 0.0;
    expected_reward = in.capital > 0.0 ? per_day * kDaysPerYear / in.capital : 0.0;
  }
  decision.expected_yield = expected_reward + trading_yield;

  // Join or stay above the reservation yield (or the best other market's yield), with a band so
  // the miner does not flap around it.
  const double hurdle =
      std::max(params_.reservation_yield, std::isfinite(in.outside_yield) ? in.outside_yield : 0.0);
  const double band = params_.hysteresis / 2.0;
  const bool active = current_.active ? decision.expected_yield >= hurdle - band
                                      : decision.expected_yield > hurdle + band;
  decision.active = active && in.capital > 0.0;
  decision.outside = !decision.active && std::isfinite(in.outside_yield) &&
                     in.outside_yield > params_.reservation_yield &&
                     in.outside_yield > decision.expected_yield;

  if (params_.size_policy == SizePolicy::kYieldScaled) {
    const double ratio = params_.reservation_yield > 0.0
                             ? decision.expected_yield / params_.reservation_yield
                             : params_.max_size_scale;
    decision.size_scale = std::clamp(std::isfinite(ratio) ? ratio : params_.max_size_scale,
                                     params_.min_size_scale, params_.max_size_scale);
  }
  current_ = decision;
  return decision;
}

}  // namespace lmsim::sim::miners
