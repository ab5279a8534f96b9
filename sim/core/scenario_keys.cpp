#include "sim/core/scenario_keys.hpp"

#include "engine/number_text.hpp"
#include "engine/time_text.hpp"

namespace lmsim::sim {

namespace {

using engine::Bounds;
using engine::ParamSpec;

constexpr double kDay = static_cast<double>(engine::kNanosPerDay);
constexpr double kMaxDuration = 3650 * kDay;       // ten years
constexpr double kMaxTimeConstant = 36500 * kDay;  // a century: "never" for a process
constexpr double kMaxInterval = 365 * kDay;        // a year
constexpr double kMaxAmount = 1e15;                // base asset or quote currency
constexpr double kMinWake = static_cast<double>(kMinWakeInterval);

}  // namespace

const ParamSpec<SimKeys>& sim_keys_spec() {
  using P = SimKeys;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.duration(
            "duration", [](P& p) -> Nanos& { return p.duration; },
            Bounds::above_up_to(0.0, kMaxDuration), "length of the simulated window")
        .required()
        .duration(
            "dt", [](P& p) -> Nanos& { return p.dt; }, Bounds::above_up_to(0.0, kDay),
            "the clock step: miners act and the market is sampled on it (<= duration)")
        .integer(
            "seed", [](P& p) -> std::int64_t& { return p.seed; }, Bounds::at_least(0.0),
            "master seed every random stream of the run is derived from")
        .text(
            "miner_ticks", [](P& p) -> std::string& { return p.miner_ticks; },
            {"on_change", "every_step"},
            "when miners act: at the first step after the best quotes change, or every step");
    keys.check([](const P& p) -> std::optional<engine::ParamError> {
      if (p.dt > p.duration) {
        return engine::ParamError{"dt", "must not be longer than duration (\"" +
                                            engine::format_duration(p.duration) + "\") (got \"" +
                                            engine::format_duration(p.dt) + "\")"};
      }
      return std::nullopt;
    });
    return keys;
  }();
  return spec;
}

const ParamSpec<MarketKeys>& market_keys_spec() {
  using P = MarketKeys;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.optional_number(
            "tick_size", [](P& p) -> std::optional<double>& { return p.tick_size; },
            Bounds::between(1e-18, 1e12),
            "price step, quote currency (required unless replayed files record it)")
        .optional_number(
            "lot_size", [](P& p) -> std::optional<double>& { return p.lot_size; },
            Bounds::between(1e-18, 1e12),
            "quantity step, base asset (required unless replayed files record it)")
        .optional_number(
            "initial_price", [](P& p) -> std::optional<double>& { return p.initial_price; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "a synthetic market's opening price, quote currency (required there; at "
            "least 10 and at most 10^12 ticks)")
        .optional_number(
            "reference_price", [](P& p) -> std::optional<double>& { return p.reference_price; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "price miners quote around while the book is empty (unset: the fundamental in a "
            "synthetic market without background traders; otherwise they wait for a mid)")
        .duration(
            "volatility_half_life", [](P& p) -> Nanos& { return p.volatility_half_life; },
            Bounds::above_up_to(0.0, kMaxInterval),
            "half-life of the realised-volatility average miners and the report read")
        .duration(
            "volatility_interval", [](P& p) -> Nanos& { return p.volatility_interval; },
            Bounds::between(0.0, kDay),
            "return interval of the realised volatility (0: one clock step); short returns "
            "carry the book's bounce");
    return keys;
  }();
  return spec;
}

const ParamSpec<FundamentalKeys>& fundamental_keys_spec() {
  using P = FundamentalKeys;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.optional_number(
            "mean", [](P& p) -> std::optional<double>& { return p.mean; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "long-run mean the value reverts to, quote currency (unset: the initial "
            "price; at most 10^12 ticks)")
        .duration(
            "reversion_time", [](P& p) -> Nanos& { return p.params.reversion_time; },
            Bounds::between(0.0, kMaxTimeConstant),
            "1/κ of the mean reversion; 0 switches reversion off")
        .number(
            "volatility", [](P& p) -> double& { return p.params.volatility; },
            Bounds::between(0.0, 10.0),
            "standard deviation per square-root day, fraction of the mean")
        .number(
            "jump_rate", [](P& p) -> double& { return p.params.jump_rate; },
            Bounds::between(0.0, 1e6), "expected jumps per day")
        .number(
            "jump_mean", [](P& p) -> double& { return p.params.jump_mean; },
            Bounds::between(0.0, 1.0), "mean jump size, fraction of the mean (random sign)")
        .number(
            "jump_stddev", [](P& p) -> double& { return p.params.jump_stddev; },
            Bounds::between(0.0, 1.0), "standard deviation of the jump size, fraction of the mean")
        .number(
            "volatile_multiplier", [](P& p) -> double& { return p.params.volatile_multiplier; },
            Bounds::above_up_to(0.0, 1000.0),
            "volatility factor in the volatile regime; 1 switches regimes off")
        .duration(
            "calm_duration", [](P& p) -> Nanos& { return p.params.calm_duration; },
            Bounds::above_up_to(0.0, kMaxTimeConstant), "mean length of a calm spell")
        .duration(
            "volatile_duration", [](P& p) -> Nanos& { return p.params.volatile_duration; },
            Bounds::above_up_to(0.0, kMaxTimeConstant), "mean length of a volatile spell")
        .number(
            "volatility_of_volatility",
            [](P& p) -> double& { return p.params.volatility_of_volatility; },
            Bounds::between(0.0, 2.0),
            "stationary sd of the log-volatility factor (0: constant volatility, as ABIDES)")
        .duration(
            "volatility_reversion_time",
            [](P& p) -> Nanos& { return p.params.volatility_reversion_time; },
            Bounds::above_up_to(0.0, kMaxTimeConstant), "1/κ of the log-volatility");
    return keys;
  }();
  return spec;
}

const ParamSpec<BackgroundKeys>& background_keys_spec() {
  using P = BackgroundKeys;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.number(
        "order_size_scale", [](P& p) -> double& { return p.order_size_scale; },
        Bounds::above_up_to(0.0, 1e6), "lots per share of ABIDES' order-size model");
    return keys;
  }();
  return spec;
}

namespace {

template <typename Params>
ParamSpec<GroupKeys<Params>>& with_count_and_interval(ParamSpec<GroupKeys<Params>>& keys,
                                                      const char* agents) {
  using P = GroupKeys<Params>;
  keys.integer(
          "count", [](P& p) -> int& { return p.count; }, Bounds::between(0.0, 1e6),
          std::string("number of ") + agents + " (0 switches the group off)")
      .duration(
          "mean_interval", [](P& p) -> Nanos& { return p.params.mean_interval; },
          Bounds::between(kMinWake, kMaxInterval),
          "mean time between an agent's wake-ups (exponentially distributed)");
  return keys;
}

}  // namespace

const ParamSpec<GroupKeys<agents::NoiseTraderParams>>& noise_keys_spec() {
  using P = GroupKeys<agents::NoiseTraderParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "noise traders")
        .choice<agents::NoiseArrival>(
            "arrival", [](P& p) -> agents::NoiseArrival& { return p.params.arrival; },
            {"once", "poisson"},
            {agents::NoiseArrival::kOnceUQuadratic, agents::NoiseArrival::kPoisson},
            "once: one order each, at a U-quadratic time (ABIDES); poisson: every mean_interval")
        .duration(
            "pre_open", [](P& p) -> Nanos& { return p.params.pre_open; },
            Bounds::between(0.0, kMaxInterval),
            "with arrival = \"once\", how long before the start arrivals may be drawn")
        .boolean(
            "cancel_previous", [](P& p) -> bool& { return p.params.cancel_previous; },
            "cancel what is left of the previous order before acting");
    return keys;
  }();
  return spec;
}

const ParamSpec<GroupKeys<agents::ValueTraderParams>>& value_keys_spec() {
  using P = GroupKeys<agents::ValueTraderParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "value traders")
        .number(
            "observation_noise", [](P& p) -> double& { return p.params.observation_noise; },
            Bounds::between(0.0, 1.0),
            "standard deviation of the observed fundamental, fraction of the mean")
        .duration(
            "belief_reversion_time", [](P& p) -> Nanos& { return p.params.belief_reversion_time; },
            Bounds::above_up_to(0.0, kMaxTimeConstant),
            "1/κ of the trader's estimate of the value at the end of the run")
        .number(
            "percent_aggressive", [](P& p) -> double& { return p.params.percent_aggressive; },
            Bounds::between(0.0, 1.0),
            "probability of pricing at the opposite quote (a fraction, as in ABIDES)")
        .integer(
            "depth_spread", [](P& p) -> int& { return p.params.depth_spread; },
            Bounds::between(1.0, 1000.0),
            "otherwise an offset in [0, depth_spread × spread) from the opposite quote")
        .duration(
            "valuation_horizon", [](P& p) -> Nanos& { return p.params.valuation_horizon; },
            Bounds::between(0.0, kMaxTimeConstant),
            "how far ahead the value is estimated (0: now; default a century: the close, as "
            "ABIDES)")
        .choice<agents::ValuePricing>(
            "pricing", [](P& p) -> agents::ValuePricing& { return p.params.pricing; },
            {"value", "quotes"}, {agents::ValuePricing::kValue, agents::ValuePricing::kQuotes},
            "value: at the estimate less a margin; quotes: off the opposite quote (ABIDES)")
        .number(
            "min_margin", [](P& p) -> double& { return p.params.min_margin; },
            Bounds::between(0.0, 0.5),
            "with pricing = \"value\": smallest margin, fraction of the estimate")
        .number(
            "max_margin", [](P& p) -> double& { return p.params.max_margin; },
            Bounds::between(0.0, 0.5),
            "with pricing = \"value\": largest margin, fraction of the estimate (>= min_margin)")
        .duration(
            "order_lifetime", [](P& p) -> Nanos& { return p.params.order_lifetime; },
            Bounds::between(0.0, kMaxInterval),
            "how long an order rests before it is withdrawn (0: until the next wake)");
    keys.check([](const P& p) -> std::optional<engine::ParamError> {
      if (p.params.max_margin < p.params.min_margin) {
        return engine::ParamError{"max_margin",
                                  "must not be below min_margin (" +
                                      engine::format_number(p.params.min_margin) + ") (got " +
                                      engine::format_number(p.params.max_margin) + ")"};
      }
      return std::nullopt;
    });
    return keys;
  }();
  return spec;
}

const ParamSpec<GroupKeys<agents::MomentumTraderParams>>& momentum_keys_spec() {
  using P = GroupKeys<agents::MomentumTraderParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "momentum traders")
        .integer(
            "short_window", [](P& p) -> int& { return p.params.short_window; },
            Bounds::between(1.0, 100'000.0), "mids in the short average (<= long_window)")
        .integer(
            "long_window", [](P& p) -> int& { return p.params.long_window; },
            Bounds::between(1.0, 100'000.0), "mids in the long average");
    keys.check([](const P& p) -> std::optional<engine::ParamError> {
      if (p.params.short_window > p.params.long_window) {
        return engine::ParamError{
            "short_window", "must not exceed long_window (" + std::to_string(p.params.long_window) +
                                ") (got " + std::to_string(p.params.short_window) + ")"};
      }
      return std::nullopt;
    });
    return keys;
  }();
  return spec;
}

const ParamSpec<GroupKeys<agents::AdaptiveMarketMakerParams>>& market_maker_keys_spec() {
  using P = GroupKeys<agents::AdaptiveMarketMakerParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "market makers")
        .number(
            "pov", [](P& p) -> double& { return p.params.pov; }, Bounds::between(0.0, 1.0),
            "size per level as a fraction of the volume of the last mean_interval")
        .integer(
            "min_order_size", [](P& p) -> std::int64_t& { return p.params.min_order_size; },
            Bounds::between(1.0, 1e9), "smallest size per level, lots")
        .integer(
            "levels", [](P& p) -> int& { return p.params.levels; }, Bounds::between(1.0, 1000.0),
            "orders per side")
        .number(
            "level_spacing", [](P& p) -> double& { return p.params.level_spacing; },
            Bounds::above_up_to(0.0, 1000.0),
            "ticks between levels, in multiples of the average spread")
        .number(
            "spread_alpha", [](P& p) -> double& { return p.params.spread_alpha; },
            Bounds::between(0.0, 1.0), "weight of the newest spread in its average")
        .number(
            "price_skew", [](P& p) -> double& { return p.params.price_skew; },
            Bounds::between(0.0, 1e6),
            "ticks the ladder's centre moves towards the side that has been buying")
        .number(
            "initial_spread", [](P& p) -> double& { return p.params.initial_spread; },
            Bounds::above_up_to(0.0, 1e6), "the spread assumed before one is seen, ticks")
        .number(
            "min_spread", [](P& p) -> double& { return p.params.min_spread; },
            Bounds::between(0.0, 1e6),
            "the narrowest spread it quotes, ticks (0: none, as ABIDES)");
    return keys;
  }();
  return spec;
}

const ParamSpec<GroupKeys<agents::TakerFlowParams>>& taker_keys_spec() {
  using P = GroupKeys<agents::TakerFlowParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "taker-flow agents")
        .number(
            "size_scale", [](P& p) -> double& { return p.params.size_scale; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "Pareto scale: the smallest market order, base asset")
        .number(
            "size_alpha", [](P& p) -> double& { return p.params.size_alpha; },
            Bounds::above_up_to(0.0, 100.0), "Pareto tail index (smaller: heavier tail)")
        .number(
            "max_size", [](P& p) -> double& { return p.params.max_size; },
            Bounds::above_up_to(0.0, kMaxAmount), "largest market order, base asset")
        .number(
            "informed_fraction", [](P& p) -> double& { return p.params.informed_fraction; },
            Bounds::between(0.0, 1.0), "share of the orders that trade towards the fundamental");
    return keys;
  }();
  return spec;
}

const ParamSpec<GroupKeys<agents::LiquidityProviderParams>>& liquidity_keys_spec() {
  using P = GroupKeys<agents::LiquidityProviderParams>;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    with_count_and_interval(keys, "liquidity providers")
        .number(
            "min_distance", [](P& p) -> double& { return p.params.min_distance; },
            Bounds::between(0.0, 0.5),
            "no order nearer the value than this, fraction of the value (<= max_distance)")
        .number(
            "mean_distance", [](P& p) -> double& { return p.params.mean_distance; },
            Bounds::between(0.0, 0.5), "mean exponential distance beyond min_distance")
        .number(
            "max_distance", [](P& p) -> double& { return p.params.max_distance; },
            Bounds::between(0.0, 0.9), "distances are capped here, fraction of the value")
        .number(
            "uniform_share", [](P& p) -> double& { return p.params.uniform_share; },
            Bounds::between(0.0, 1.0),
            "share of orders placed uniformly in [min_distance, max_distance]")
        .duration(
            "mean_lifetime", [](P& p) -> Nanos& { return p.params.mean_lifetime; },
            Bounds::above_up_to(0.0, kMaxInterval),
            "mean time an order rests before it is cancelled (exponentially distributed)");
    keys.check([](const P& p) -> std::optional<engine::ParamError> {
      if (p.params.max_distance < p.params.min_distance) {
        return engine::ParamError{"max_distance",
                                  "must not be below min_distance (" +
                                      engine::format_number(p.params.min_distance) + ") (got " +
                                      engine::format_number(p.params.max_distance) + ")"};
      }
      return std::nullopt;
    });
    return keys;
  }();
  return spec;
}

const ParamSpec<MinerAccountKeys>& miner_account_keys_spec() {
  using P = MinerAccountKeys;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.integer(
            "count", [](P& p) -> int& { return p.count; }, Bounds::between(1.0, 100'000.0),
            "identical accounts of this table (named NAME-1, NAME-2, …)")
        .number(
            "base_balance", [](P& p) -> double& { return p.base_balance; },
            Bounds::between(0.0, kMaxAmount), "starting base asset per account (at most 2^53 lots)")
        .number(
            "quote_balance", [](P& p) -> double& { return p.quote_balance; },
            Bounds::between(0.0, kMaxAmount),
            "starting quote currency per account (at most 2^53 cash units: lots at one tick)")
        .number(
            "stake", [](P& p) -> double& { return p.stake; }, Bounds::between(0.0, kMaxAmount),
            "the account's stake, for rules that weight by it (dydx's stake_exponent)");
    return keys;
  }();
  return spec;
}

const ParamSpec<AnalysisSettings>& analysis_keys_spec() {
  using P = AnalysisSettings;
  static const ParamSpec<P> spec = [] {
    ParamSpec<P> keys;
    keys.numbers(
            "reference_order_sizes",
            [](P& p) -> std::vector<double>& { return p.reference_order_sizes; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "1 to 16 market-order sizes (base asset) whose slippage is sampled")
        .optional_number(
            "reward_token_price",
            [](P& p) -> std::optional<double>& { return p.reward_token_price; },
            Bounds::above_up_to(0.0, kMaxAmount),
            "quote currency per reward token, to value rewards in PnL (unset: 1 "
            "for the quote currency, the mid for the base asset)")
        .duration(
            "markout_horizon", [](P& p) -> Nanos& { return p.markout_horizon; },
            Bounds::above_up_to(0.0, kMaxInterval),
            "horizon of the adverse-selection mark-out of fills")
        .boolean(
            "baseline", [](P& p) -> bool& { return p.baseline; },
            "also run the scenario without miners, to measure the liquidity they add")
        .optional_duration(
            "sample_interval", [](P& p) -> std::optional<Nanos>& { return p.sample_interval; },
            Bounds::above_up_to(0.0, kMaxInterval),
            "how often the market series is recorded, a whole multiple of sim.dt (unset: every "
            "dt for a run of up to a day, else the smallest multiple of dt recording at most "
            "86,400 samples, on an interval dividing a minute: \"10s\" for a week at 1 s); fill "
            "mark-outs are exact either way");
    keys.check([](const P& p) -> std::optional<engine::ParamError> {
      if (p.reference_order_sizes.empty() || p.reference_order_sizes.size() > 16) {
        return engine::ParamError{"reference_order_sizes", "expected 1 to 16 sizes"};
      }
      return std::nullopt;
    });
    return keys;
  }();
  return spec;
}

}  // namespace lmsim::sim
