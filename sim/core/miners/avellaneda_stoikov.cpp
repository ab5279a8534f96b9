#include "sim/core/miners/avellaneda_stoikov.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <tuple>

#include "engine/number_text.hpp"
#include "engine/time_text.hpp"
#include "sim/core/miners/order_pricing.hpp"

namespace lmsim::sim::miners {

// Citations are to hummingbot/hummingbot, hummingbot/strategy/avellaneda_market_making/: the
// strategy (avellaneda_market_making.pyx), its config maps (avellaneda_market_making_config_map.py
// at v0.45.0, avellaneda_market_making_config_map_pydantic.py at master) and
// conditional_execution_state.py (master), at the tags of hummingbot_version.hpp.

namespace {

using engine::Bounds;
using engine::ParamError;
using P = AvellanedaStoikovParams;
using Settings = AvellanedaStoikovSettings;

constexpr double kTenDays = 10.0 * 86400e9;

/// "YYYY-MM-DD HH:MM:SS" (or with a "T"), UTC, as ns since the epoch.
std::optional<Nanos> parse_datetime(const std::string& text) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  char separator = 0;
  char end = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%c", &year, &month, &day, &separator,
                  &hour, &minute, &second, &end) != 7 ||
      (separator != ' ' && separator != 'T') || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  const std::int64_t days = engine::days_from_civil(year, month, day);
  if (engine::civil_from_days(days).day != day) return std::nullopt;  // 2021-02-30
  return days * engine::kNanosPerDay +
         ((hour * 60 + minute) * 60 + second) * engine::kNanosPerSecond;
}

/// "HH:MM:SS" as ns into the day.
std::optional<Nanos> parse_time_of_day(const std::string& text) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  char end = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d:%2d%c", &hour, &minute, &second, &end) != 3 || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  return ((hour * 60 + minute) * 60 + second) * engine::kNanosPerSecond;
}

std::optional<ParamError> required_when(const std::string& key, const std::string& condition) {
  return ParamError{key, "missing required key (needed when " + condition + ")"};
}

std::optional<ParamError> only_when(const std::string& key, const std::string& condition) {
  return ParamError{key, "is used only when " + condition};
}

std::optional<ParamError> check_2021(const P& p) {
  const HummingbotVersion version = p.hummingbot_version;
  const std::vector<std::pair<std::string, bool>> later = {
      {"execution_timeframe_mode", p.execution_timeframe_mode.has_value()},
      {"start_datetime", p.start_datetime.has_value()},
      {"end_datetime", p.end_datetime.has_value()},
      {"start_time", p.start_time.has_value()},
      {"end_time", p.end_time.has_value()},
      {"trading_intensity_buffer_size", p.trading_intensity_buffer_size.has_value()},
      {"order_levels_mode", p.order_levels_mode.has_value()},
      {"level_distances", p.level_distances.has_value()},
      {"hanging_orders_mode", p.hanging_orders_mode.has_value()},
  };
  for (const auto& [key, set] : later) {
    if (set) {
      return not_in_release(version, key,
                            "it belongs to later releases (hummingbot_version = \"current\")");
    }
  }
  if (p.parameters_based_on_spread.value_or(true)) {
    const std::string condition = "parameters_based_on_spread is true";
    if (p.risk_factor) return only_when("risk_factor", "parameters_based_on_spread is false");
    if (p.order_book_depth_factor) {
      return only_when("order_book_depth_factor", "parameters_based_on_spread is false");
    }
    if (p.order_amount_shape_factor) {
      return only_when("order_amount_shape_factor", "parameters_based_on_spread is false");
    }
    if (!p.min_spread) return required_when("min_spread", condition);
    if (!p.max_spread) return required_when("max_spread", condition);
    if (!p.vol_to_spread_multiplier) return required_when("vol_to_spread_multiplier", condition);
    if (!p.inventory_risk_aversion) return required_when("inventory_risk_aversion", condition);
    if (!(*p.min_spread > 0.0 && *p.min_spread < 100.0)) {
      return ParamError{"min_spread",
                        "must be in (0, 100) (got " + engine::format_number(*p.min_spread) + ")"};
    }
    if (!(*p.max_spread > *p.min_spread)) {
      return ParamError{"max_spread", "must be > min_spread (" +
                                          engine::format_number(*p.min_spread) + ") (got " +
                                          engine::format_number(*p.max_spread) + ")"};
    }
  } else {
    const std::string condition = "parameters_based_on_spread is false";
    for (const auto& [key, set] : std::vector<std::pair<std::string, bool>>{
             {"min_spread", p.min_spread.has_value()},
             {"max_spread", p.max_spread.has_value()},
             {"vol_to_spread_multiplier", p.vol_to_spread_multiplier.has_value()},
             {"inventory_risk_aversion", p.inventory_risk_aversion.has_value()}}) {
      if (set) return only_when(key, "parameters_based_on_spread is true");
    }
    if (!p.risk_factor) return required_when("risk_factor", condition);
    if (!p.order_book_depth_factor) return required_when("order_book_depth_factor", condition);
    if (!p.order_amount_shape_factor) {
      return required_when("order_amount_shape_factor", condition);
    }
    if (!(*p.risk_factor < 1e10)) {
      return ParamError{"risk_factor", "must be in (0, 10000000000) (got " +
                                           engine::format_number(*p.risk_factor) + ")"};
    }
  }
  if (p.volatility_buffer_size &&
      (*p.volatility_buffer_size < 5 || *p.volatility_buffer_size > 600)) {
    return ParamError{"volatility_buffer_size",
                      "must be in [5, 600] for hummingbot_version \"2021\" (got " +
                          std::to_string(*p.volatility_buffer_size) + ")"};
  }
  return std::nullopt;
}

std::optional<ParamError> check_current(const P& p) {
  const HummingbotVersion version = p.hummingbot_version;
  const std::vector<std::pair<std::string, bool>> removed = {
      {"parameters_based_on_spread", p.parameters_based_on_spread.has_value()},
      {"max_spread", p.max_spread.has_value()},
      {"vol_to_spread_multiplier", p.vol_to_spread_multiplier.has_value()},
      {"volatility_sensibility", p.volatility_sensibility.has_value()},
      {"inventory_risk_aversion", p.inventory_risk_aversion.has_value()},
      {"order_book_depth_factor", p.order_book_depth_factor.has_value()},
  };
  for (const auto& [key, set] : removed) {
    if (set) {
      return not_in_release(version, key,
                            "it was removed in v0.46.0 (κ is estimated from trades since)");
    }
  }
  if (p.closing_time) {
    return not_in_release(version, "closing_time",
                          "execution_timeframe_mode replaced it in v1.0.0");
  }
  if (p.hanging_orders_enabled) {
    return not_in_release(version, "hanging_orders_enabled",
                          "use hanging_orders_mode = \"track_hanging_orders\"");
  }
  const std::string mode = p.execution_timeframe_mode.value_or("infinite");
  const bool dates = mode == "from_date_to_date";
  const bool daily = mode == "daily_between_times";
  for (const auto& [key, value, wanted] :
       std::vector<std::tuple<std::string, std::optional<std::string>, bool>>{
           {"start_datetime", p.start_datetime, dates},
           {"end_datetime", p.end_datetime, dates},
           {"start_time", p.start_time, daily},
           {"end_time", p.end_time, daily}}) {
    const std::string condition =
        "execution_timeframe_mode is \"" +
        std::string(dates || key.find("datetime") != std::string::npos ? "from_date_to_date"
                                                                       : "daily_between_times") +
        "\"";
    if (!wanted && value) return only_when(key, condition);
    if (wanted && !value) return required_when(key, condition);
    if (wanted) {
      const bool date = key.find("datetime") != std::string::npos;
      if (date ? !parse_datetime(*value) : !parse_time_of_day(*value)) {
        return ParamError{key, std::string("expected ") +
                                   (date ? "\"YYYY-MM-DD HH:MM:SS\" (UTC)" : "\"HH:MM:SS\" (UTC)") +
                                   " (got \"" + *value + "\")"};
      }
    }
  }
  if (dates && *parse_datetime(*p.end_datetime) <= *parse_datetime(*p.start_datetime)) {
    return ParamError{"end_datetime",
                      "must be after start_datetime (got \"" + *p.end_datetime + "\")"};
  }
  const bool multi = p.order_levels_mode.value_or("single_order_level") == "multi_order_level";
  if (!multi) {
    const std::string condition = "order_levels_mode is \"multi_order_level\"";
    if (p.order_levels) return only_when("order_levels", condition);
    if (p.level_distances) return only_when("level_distances", condition);
  } else if (p.order_levels && *p.order_levels < 2) {
    return ParamError{"order_levels",
                      "must be >= 2 with order_levels_mode \"multi_order_level\" "
                      "(got " +
                          std::to_string(*p.order_levels) + ")"};
  }
  return std::nullopt;
}

std::optional<ParamError> check_params(const P& p) {
  if (p.hummingbot_version == HummingbotVersion::k2020) {
    return ParamError{"hummingbot_version",
                      "Hummingbot v0.34.0 (\"2020\") had no Avellaneda–Stoikov strategy; it "
                      "first shipped in v0.38.0 (2021): use \"2021\" or \"current\""};
  }
  for (const engine::ParamRow& row : p.order_override) {
    if (const auto problem = order_override_problem(row)) {
      return ParamError{"order_override", *problem};
    }
  }
  return p.hummingbot_version == HummingbotVersion::k2021 ? check_2021(p) : check_current(p);
}

}  // namespace

AvellanedaStoikovSettings resolve(const AvellanedaStoikovParams& p) {
  Settings s;
  s.version = p.hummingbot_version;
  s.order_amount = p.order_amount;
  s.target_base_ratio = p.inventory_target_base_pct / 100.0;
  s.order_optimization = p.order_optimization_enabled;
  s.add_transaction_costs = p.add_transaction_costs;
  s.order_override = p.order_override;
  if (s.version != HummingbotVersion::kCurrent) {
    // avellaneda_market_making_config_map.py @v0.45.0; start.py divides percentages by 100.
    s.spread_based = p.parameters_based_on_spread.value_or(true);
    s.min_spread = p.min_spread.value_or(0.0) / 100.0;
    s.max_spread = p.max_spread.value_or(0.0) / 100.0;
    s.vol_to_spread_multiplier = p.vol_to_spread_multiplier.value_or(1.3);
    s.volatility_sensibility = p.volatility_sensibility.value_or(20.0) / 100.0;
    s.inventory_risk_aversion = p.inventory_risk_aversion.value_or(0.5);
    s.risk_factor = p.risk_factor.value_or(0.5);
    s.order_book_depth_factor = p.order_book_depth_factor.value_or(0.1);
    s.order_amount_shape_factor = p.order_amount_shape_factor.value_or(0.005);
    s.closing_time = p.closing_time.value_or(engine::kNanosPerHour);
    s.volatility_buffer_size = p.volatility_buffer_size.value_or(60);
    s.order_levels = p.order_levels.value_or(1);
    return s;
  }
  // avellaneda_market_making_config_map_pydantic.py @master.
  s.spread_based = false;
  s.risk_factor = p.risk_factor.value_or(1.0);
  s.order_amount_shape_factor = p.order_amount_shape_factor.value_or(0.0);
  s.min_spread = p.min_spread.value_or(0.0);
  s.volatility_buffer_size = p.volatility_buffer_size.value_or(200);
  s.trading_intensity_buffer_size = p.trading_intensity_buffer_size.value_or(200);
  const bool multi = p.order_levels_mode.value_or("single_order_level") == "multi_order_level";
  s.order_levels = multi ? p.order_levels.value_or(2) : 0;
  s.level_distances = multi ? p.level_distances.value_or(0.0) : 0.0;
  const std::string mode = p.execution_timeframe_mode.value_or("infinite");
  if (mode == "from_date_to_date") {
    s.timeframe = Settings::Timeframe::kFromDateToDate;
    s.window_start = parse_datetime(p.start_datetime.value_or("")).value_or(0);
    s.window_end = parse_datetime(p.end_datetime.value_or("")).value_or(0);
  } else if (mode == "daily_between_times") {
    s.timeframe = Settings::Timeframe::kDailyBetweenTimes;
    s.window_start = parse_time_of_day(p.start_time.value_or("")).value_or(0);
    s.window_end = parse_time_of_day(p.end_time.value_or("")).value_or(0);
  }
  return s;
}

namespace as2021 {

Parameters parameters_from_spreads(double mid, double q, double sigma, double target_base,
                                   double min_spread, double max_spread, double multiplier,
                                   double risk_aversion) {
  const double ira = risk_aversion;
  const double s_min = std::max(min_spread * mid, multiplier * sigma);
  const double s_max = max_spread * mid * (s_min / (min_spread * mid));
  const double variance = sigma * sigma;
  const double gamma_max = std::min((s_max - s_min) / (2.0 * std::abs(q) * variance),
                                    (s_max * (2.0 - ira) / ira + s_min) / variance);
  Parameters result;
  result.gamma = ira * gamma_max;
  const double around_reservation = s_max * (2.0 - ira) + s_min * ira;
  const double exponent =
      around_reservation * result.gamma - (sigma * result.gamma) * (sigma * result.gamma);
  result.kappa = exponent <= 0.0 ? 1e100 : result.gamma / std::expm1(exponent / 2.0);
  const double decay_at = target_base / (ira * std::numbers::ln10);
  result.eta = decay_at != 0.0 ? 1.0 / decay_at : 1.0;
  return result;
}

Quotes optimal_quotes(double mid, double q, double sigma, double tau, double gamma, double kappa,
                      bool spread_based, double min_spread, double max_spread, double multiplier) {
  const double variance = sigma * sigma;
  Quotes quotes;
  quotes.reservation = mid - q * gamma * variance * tau;
  quotes.spread = gamma * variance * tau + 2.0 * std::log1p(gamma / kappa) / gamma;
  double bid_low = 0.0;
  double bid_high = mid;
  double ask_low = mid;
  double ask_high = std::numeric_limits<double>::infinity();
  if (spread_based) {
    const double inflation = std::max(multiplier * sigma, mid * min_spread) / (mid * min_spread);
    bid_low = mid * (1.0 - max_spread * inflation);
    bid_high = mid * (1.0 - min_spread * inflation);
    ask_low = mid * (1.0 + min_spread * inflation);
    ask_high = mid * (1.0 + max_spread * inflation);
  }
  quotes.ask = std::min(std::max(quotes.reservation + quotes.spread / 2.0, ask_low), ask_high);
  quotes.bid = std::min(std::max(quotes.reservation - quotes.spread / 2.0, bid_low), bid_high);
  return quotes;
}

}  // namespace as2021

namespace as_current {

as2021::Quotes optimal_quotes(double mid, double q, double sigma, double tau, double gamma,
                              double kappa, double min_spread_pct) {
  as2021::Quotes quotes;
  quotes.reservation = mid - q * gamma * sigma * tau;
  quotes.spread = gamma * sigma * tau + 2.0 * std::log1p(gamma / kappa) / gamma;
  const double minimum = mid / 100.0 * min_spread_pct;
  quotes.ask = std::max(quotes.reservation + quotes.spread / 2.0, mid + minimum / 2.0);
  quotes.bid = std::min(quotes.reservation - quotes.spread / 2.0, mid - minimum / 2.0);
  return quotes;
}

}  // namespace as_current

StrategyKind avellaneda_stoikov_kind() {
  engine::ParamSpec<P> spec;
  add_version_key<P>(spec, [](P& p) -> HummingbotVersion& { return p.hummingbot_version; });
  add_quoting_keys(spec);
  spec.boolean(
          "order_optimization_enabled", [](P& p) -> bool& { return p.order_optimization_enabled; },
          "never quote closer than one tick in front of the best bid or ask")
      .boolean(
          "add_transaction_costs", [](P& p) -> bool& { return p.add_transaction_costs; },
          "move prices out by the maker fee")
      .rows(
          "order_override", [](P& p) -> std::vector<engine::ParamRow>& { return p.order_override; },
          "rows [\"buy\" or \"sell\", spread percent from the mid, amount] replacing the "
          "computed orders")
      .number(
          "hanging_orders_cancel_pct", [](P& p) -> double& { return p.hanging_orders_cancel_pct; },
          Bounds::strictly_between(0.0, 100.0),
          "cancel a hanging order this far from the mid, percent")
      .optional_boolean(
          "should_wait_order_cancel_confirmation",
          [](P& p) -> std::optional<bool>& { return p.should_wait_order_cancel_confirmation; },
          "accepted for Hummingbot's configs; lmsim always waits (docs/miners.md)")
      .optional_number(
          "min_spread", [](P& p) -> std::optional<double>& { return p.min_spread; },
          Bounds::at_least(0.0),
          "percent of the mid; \"2021\": the narrowest spread (in (0, 100), required when "
          "parameters_based_on_spread); \"current\": the narrowest total width, 0 when unset")
      .optional_number(
          "risk_factor", [](P& p) -> std::optional<double>& { return p.risk_factor; },
          Bounds::above(0.0),
          "γ; \"2021\": required when parameters_based_on_spread is false; \"current\": 1 when "
          "unset")
      .optional_number(
          "order_amount_shape_factor",
          [](P& p) -> std::optional<double>& { return p.order_amount_shape_factor; },
          Bounds::between(0.0, 1.0),
          "η, how fast sizes shrink on the side that grows the imbalance; \"2021\": required "
          "when parameters_based_on_spread is false; \"current\": 0 when unset")
      .optional_integer(
          "volatility_buffer_size",
          [](P& p) -> std::optional<int>& { return p.volatility_buffer_size; },
          Bounds::between(1, 10'000),
          "ticks of mid prices σ is measured over; \"2021\": in [5, 600], 60 when unset; "
          "\"current\": 200 when unset")
      .optional_integer(
          "order_levels", [](P& p) -> std::optional<int>& { return p.order_levels; },
          Bounds::between(0, 1000),
          "orders per side; \"2021\": 1 when unset; \"current\": with order_levels_mode "
          "\"multi_order_level\", >= 2, 2 when unset")
      .optional_boolean(
          "parameters_based_on_spread",
          [](P& p) -> std::optional<bool>& { return p.parameters_based_on_spread; },
          "\"2021\": derive γ, κ, η from min_spread and max_spread; true when unset")
      .optional_number(
          "max_spread", [](P& p) -> std::optional<double>& { return p.max_spread; },
          Bounds::strictly_between(0.0, 100.0),
          "\"2021\": the widest spread, percent of the mid, > min_spread")
      .optional_number(
          "vol_to_spread_multiplier",
          [](P& p) -> std::optional<double>& { return p.vol_to_spread_multiplier; },
          Bounds::between(0.0, 10.0), "\"2021\": spreads widen once this many σ exceed min_spread")
      .optional_number(
          "volatility_sensibility",
          [](P& p) -> std::optional<double>& { return p.volatility_sensibility; },
          Bounds::between(0.0, 100.0),
          "\"2021\": recompute γ, κ, η when σ moved by more than this, percent; 20 when unset")
      .optional_number(
          "inventory_risk_aversion",
          [](P& p) -> std::optional<double>& { return p.inventory_risk_aversion; },
          Bounds::strictly_between(0.0, 1.0), "\"2021\": how hard the inventory is steered")
      .optional_number(
          "order_book_depth_factor",
          [](P& p) -> std::optional<double>& { return p.order_book_depth_factor; },
          Bounds::strictly_between(0.0, 1e10),
          "\"2021\": κ, 1 / quote currency, when parameters_based_on_spread is false")
      .optional_duration(
          "closing_time", [](P& p) -> std::optional<Nanos>& { return p.closing_time; },
          Bounds::strictly_between(0.0, kTenDays),
          "\"2021\": the cycle τ runs down over, restarting at its end; 1h when unset "
          "(Hummingbot: 0.041666667 days)")
      .optional_boolean(
          "hanging_orders_enabled",
          [](P& p) -> std::optional<bool>& { return p.hanging_orders_enabled; },
          "\"2021\": after a fill, leave the other order of its level resting")
      .optional_text(
          "execution_timeframe_mode",
          [](P& p) -> std::optional<std::string>& { return p.execution_timeframe_mode; },
          {"infinite", "from_date_to_date", "daily_between_times"},
          "\"current\": when to trade (τ = 1 when infinite); \"infinite\" when unset")
      .optional_text(
          "start_datetime", [](P& p) -> std::optional<std::string>& { return p.start_datetime; },
          {}, "\"current\", from_date_to_date: \"YYYY-MM-DD HH:MM:SS\", UTC")
      .optional_text(
          "end_datetime", [](P& p) -> std::optional<std::string>& { return p.end_datetime; }, {},
          "\"current\", from_date_to_date: \"YYYY-MM-DD HH:MM:SS\", UTC")
      .optional_text(
          "start_time", [](P& p) -> std::optional<std::string>& { return p.start_time; }, {},
          "\"current\", daily_between_times: \"HH:MM:SS\", UTC")
      .optional_text(
          "end_time", [](P& p) -> std::optional<std::string>& { return p.end_time; }, {},
          "\"current\", daily_between_times: \"HH:MM:SS\", UTC")
      .optional_integer(
          "trading_intensity_buffer_size",
          [](P& p) -> std::optional<int>& { return p.trading_intensity_buffer_size; },
          Bounds::between(1, 10'000),
          "\"current\": ticks with trades κ is estimated from; 200 when unset")
      .optional_text(
          "order_levels_mode",
          [](P& p) -> std::optional<std::string>& { return p.order_levels_mode; },
          {"single_order_level", "multi_order_level"},
          "\"current\": one order per side or order_levels; single when unset")
      .optional_number(
          "level_distances", [](P& p) -> std::optional<double>& { return p.level_distances; },
          Bounds::at_least(0.0),
          "\"current\", multi_order_level: step between levels, percent of half the optimal "
          "spread; 0 when unset")
      .optional_text(
          "hanging_orders_mode",
          [](P& p) -> std::optional<std::string>& { return p.hanging_orders_mode; },
          {"ignore_hanging_orders", "track_hanging_orders"},
          "\"current\": whether orders hang after a fill; ignore when unset")
      .check(check_params);
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "avellaneda_stoikov",
      "Hummingbot's Avellaneda–Stoikov market making (avellaneda_market_making): reservation "
      "price and optimal spread from risk aversion, inventory, volatility and order-book "
      "intensity",
      std::move(spec), [](const P& params, const StrategySetup& setup) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<AvellanedaStoikov>(params, setup));
      });
}

CycleRules AvellanedaStoikov::rules(const AvellanedaStoikovParams& params) {
  CycleRules rules;
  rules.reset_timers_when_kept = true;  // c_cancel_active_orders calls c_set_timers at every tag
  rules.max_age = CycleRules::MaxAge::kCancelAged;
  rules.hanging = CycleRules::Hanging::kPairedTracker;
  rules.hanging_enabled = params.hummingbot_version == HummingbotVersion::kCurrent
                              ? params.hanging_orders_mode == "track_hanging_orders"
                              : params.hanging_orders_enabled.value_or(false);
  rules.hanging_cancel_pct = params.hanging_orders_cancel_pct;
  rules.filter_takers = false;  // no c_filter_out_takers: a crossing order is refused
  rules.order_type = LimitType::kPostOnly;
  rules.wait_for_every_cancel = true;
  rules.cancel_only_with_proposal = params.hummingbot_version == HummingbotVersion::kCurrent;
  return rules;
}

AvellanedaStoikov::AvellanedaStoikov(AvellanedaStoikovParams params, const StrategySetup& setup)
    : RefreshingQuoter(params.refresh, rules(params)),
      settings_(resolve(params)),
      clock_start_(setup.clock_start),
      step_(setup.step),
      price_volatility_(static_cast<std::size_t>(settings_.volatility_buffer_size)),
      tick_volatility_(static_cast<std::size_t>(settings_.volatility_buffer_size)),
      intensity_(static_cast<std::size_t>(settings_.trading_intensity_buffer_size)) {}

Nanos AvellanedaStoikov::trade_tape_needed() const {
  // The trades since the previous tick, one clock step back.
  return settings_.version == HummingbotVersion::kCurrent ? 2 * step_ : 0;
}

void AvellanedaStoikov::restart_strategy(Nanos now) {
  // A bot started afresh: empty buffers, the clock of c_start.
  price_volatility_.clear();
  tick_volatility_.clear();
  intensity_.clear();
  last_tick_ = now;
  last_step_ = step_at_or_before(now);
  last_mid_.reset();
  time_left_ = settings_.closing_time;
  q_adjustment_ = 1e5;
  parameters_.reset();
  if (settings_.version != HummingbotVersion::kCurrent && !settings_.spread_based) {
    parameters_ = as2021::Parameters{settings_.risk_factor, settings_.order_book_depth_factor,
                                     settings_.order_amount_shape_factor};
  }
  last_calculation_volatility_ = 0.0;
  optimal_bid_ = 0.0;
  optimal_ask_ = 0.0;
  optimal_spread_ = 0.0;
}

Ticks AvellanedaStoikov::quantize(const MinerView& view, double price) const {
  return quantize_price(view.spec(), price, settings_.version);
}

AvellanedaStoikov::Inventory AvellanedaStoikov::inventory(const MinerView& view, double mid) const {
  // c_calculate_target_inventory (quantized as an amount) and c_calculate_inventory; total
  // balances, locked funds included.
  const MarketSpec& spec = view.spec();
  Inventory result;
  result.base = spec.amount(view.account().base);
  const double quote = static_cast<double>(view.account().cash) * spec.cash_unit();
  const double value = result.base * mid + quote;
  result.target = spec.amount(quantize_amount(spec, value * settings_.target_base_ratio / mid));
  result.total_in_base = value / mid;
  return result;
}

double AvellanedaStoikov::volatility_2021(const MinerView& view) const {
  // get_volatility: a zero σ falls back to the last calculation's, then to half the spread.
  const double sigma = price_volatility_.value();
  if (sigma != 0.0) return sigma;
  if (last_calculation_volatility_ != 0.0) return last_calculation_volatility_;
  const auto bid = view.book().best(Side::kBid);
  const auto ask = view.book().best(Side::kAsk);
  return bid && ask ? view.spec().price(*ask - *bid) / 2.0 : 0.0;
}

void AvellanedaStoikov::recalculate_2021(const MinerView& view, double mid) {
  // c_recalculate_parameters: only when the inventory is off its target.
  const Inventory held = inventory(view, mid);
  const double q = (held.base - held.target) * q_adjustment_;
  const double sigma = volatility_2021(view);
  if (q == 0.0 || sigma == 0.0) return;
  parameters_ = as2021::parameters_from_spreads(
      mid, q, sigma, held.target, settings_.min_spread, settings_.max_spread,
      settings_.vol_to_spread_multiplier, settings_.inventory_risk_aversion);
  last_calculation_volatility_ = sigma;
}

Nanos AvellanedaStoikov::step_at_or_before(Nanos time) const {
  return clock_start_ + engine::floor_div(time - clock_start_, step_) * step_;
}

Nanos AvellanedaStoikov::own_next_tick(Nanos now) const {
  if (settings_.version == HummingbotVersion::kCurrent) return now + 1;
  // Without a mid to fill the next steps with, every step must be seen.
  if (!last_mid_) return now + 1;
  Nanos next = std::numeric_limits<Nanos>::max();
  // The step the volatility buffer fills at (orders may go out in that very tick) and the step
  // closing_time runs out at (γ, κ, η are recomputed then).
  if (!price_volatility_.ready()) {
    next = last_step_ + static_cast<Nanos>(price_volatility_.missing()) * step_;
  }
  return std::min(next, last_step_ + time_left_);
}

void AvellanedaStoikov::before_tick(MinerView& view) {
  const Nanos now = view.now();
  const auto mid = view.mid();
  const Nanos last = last_tick_.value_or(now);
  last_tick_ = now;
  if (settings_.version != HummingbotVersion::kCurrent) {
    // c_collect_market_variables @v0.45.0, once per clock step: the steps slept through (the
    // book top unchanged, or a tick would have come) sampled with the last tick's mid.
    const Nanos step_now = step_at_or_before(now);
    if (step_now > last_step_) {
      const std::int64_t steps = (step_now - last_step_) / step_;
      if (last_mid_) price_volatility_.add_repeated(*last_mid_, steps - 1);
      const std::optional<double> at_step = now == step_now ? mid : last_mid_;
      if (at_step) price_volatility_.add(*at_step);
      time_left_ = std::max<Nanos>(time_left_ - (step_now - last_step_), 0);
      last_step_ = step_now;
    }
    last_mid_ = mid;
    if (mid) {
      const MarketSpec& spec = view.spec();
      const double in_base = static_cast<double>(view.account().cash) * spec.cash_unit() / *mid +
                             spec.amount(view.account().base);
      q_adjustment_ = in_base != 0.0 ? 1e5 / in_base : 1e5;
    }
    if (time_left_ == 0) {
      time_left_ = settings_.closing_time;
      if (settings_.spread_based && mid) recalculate_2021(view, *mid);
    }
    return;
  }
  // c_collect_market_variables @master: the mid into σ's buffer, the trades since the last
  // tick into the trading intensity.
  if (mid) tick_volatility_.add(*mid);
  trades_.clear();
  const MarketSpec& spec = view.spec();
  view.for_each_trade_after(last, [&](const PublicTrade& trade) {
    trades_.push_back(
        TradeSample{trade.time, spec.price(trade.price), spec.amount(trade.quantity)});
  });
  intensity_.add_tick(now, mid, trades_);
}

bool AvellanedaStoikov::ready(const MinerView& view) const {
  (void)view;
  if (settings_.version != HummingbotVersion::kCurrent) return price_volatility_.ready();
  return tick_volatility_.ready() && intensity_.ready();
}

bool AvellanedaStoikov::trading_window_open(Nanos now) const {
  switch (settings_.timeframe) {
    case Settings::Timeframe::kInfinite:
      return true;
    case Settings::Timeframe::kFromDateToDate:
      return settings_.window_start <= now && now < settings_.window_end;
    case Settings::Timeframe::kDailyBetweenTimes: {
      const Nanos time_of_day =
          now - engine::floor_div(now, engine::kNanosPerDay) * engine::kNanosPerDay;
      return settings_.window_start <= time_of_day && time_of_day < settings_.window_end;
    }
  }
  return true;
}

double AvellanedaStoikov::time_fraction(Nanos now) const {
  if (settings_.version != HummingbotVersion::kCurrent) {
    return static_cast<double>(time_left_) / static_cast<double>(settings_.closing_time);
  }
  // conditional_execution_state.py: time_left / closing_time in a window, 1 when infinite.
  const auto span = static_cast<double>(settings_.window_end - settings_.window_start);
  switch (settings_.timeframe) {
    case Settings::Timeframe::kInfinite:
      return 1.0;
    case Settings::Timeframe::kFromDateToDate:
      return std::max(0.0, static_cast<double>(settings_.window_end - now)) / span;
    case Settings::Timeframe::kDailyBetweenTimes: {
      const Nanos time_of_day =
          now - engine::floor_div(now, engine::kNanosPerDay) * engine::kNanosPerDay;
      return std::max(0.0, static_cast<double>(settings_.window_end - time_of_day)) / span;
    }
  }
  return 1.0;
}

bool AvellanedaStoikov::compute_quotes(const MinerView& view, double mid) {
  const Inventory held = inventory(view, mid);
  if (settings_.version != HummingbotVersion::kCurrent) {
    // c_calculate_reserved_price_and_optimal_spread @v0.45.0: only with q, γ, κ all non-zero
    // (otherwise the previous optimal prices stay).
    const double q = (held.base - held.target) * q_adjustment_;
    if (q == 0.0 || !parameters_ || parameters_->gamma == 0.0 || parameters_->kappa == 0.0) {
      return false;
    }
    const as2021::Quotes quotes = as2021::optimal_quotes(
        mid, q, volatility_2021(view), time_fraction(view.now()), parameters_->gamma,
        parameters_->kappa, settings_.spread_based, settings_.min_spread, settings_.max_spread,
        settings_.vol_to_spread_multiplier);
    optimal_bid_ = quotes.bid;
    optimal_ask_ = quotes.ask;
    optimal_spread_ = quotes.spread;
    return true;
  }
  // c_calculate_reservation_price_and_optimal_spread @master.
  if (held.total_in_base == 0.0) return false;
  const double q = (held.base - held.target) / held.total_in_base;
  const double sigma = tick_volatility_.value();
  const auto [alpha, kappa] = intensity_.estimate();
  const double gamma = settings_.risk_factor;
  if (gamma == 0.0 || !(kappa > 0.0) || alpha == 0.0 || sigma == 0.0) return false;
  const as2021::Quotes quotes = as_current::optimal_quotes(mid, q, sigma, time_fraction(view.now()),
                                                           gamma, kappa, settings_.min_spread);
  optimal_bid_ = quotes.bid;
  optimal_ask_ = quotes.ask;
  optimal_spread_ = quotes.spread;
  return true;
}

void AvellanedaStoikov::base_proposal(const MinerView& view, double mid, Proposal& proposal) const {
  // c_create_base_proposal: order_override rows, else levels, else one order per side.
  const MarketSpec& spec = view.spec();
  if (!settings_.order_override.empty()) {
    override_proposal(view, settings_.order_override, mid, mid, settings_.version, proposal);
    return;
  }
  const Lots size = quantize_amount(spec, settings_.order_amount);
  if (size <= 0) return;
  std::vector<double> bid_offsets{0.0};
  std::vector<double> ask_offsets{0.0};
  const int levels = settings_.order_levels;
  if (settings_.version != HummingbotVersion::kCurrent && levels > 0 && settings_.spread_based) {
    // _get_logspaced_level_spreads: e^linspace(0, ln(M + 1), n) − 1, M the room left to the
    // (volatility-inflated) max spread.
    const double sigma = volatility_2021(view);
    const double s_min =
        std::max(settings_.min_spread * mid, settings_.vol_to_spread_multiplier * sigma);
    const double s_max = settings_.max_spread * mid * (s_min / (settings_.min_spread * mid));
    const auto offsets = [&](double optimal_spread) {
      std::vector<double> result;
      const double stop = std::log(std::max(s_max - optimal_spread + 1.0, 1.0));
      for (int i = 0; i < levels; ++i) {
        const double exponent = levels == 1 ? 0.0 : stop * i / (levels - 1);
        result.push_back(std::pow(std::numbers::e, exponent) - 1.0);
      }
      return result;
    };
    bid_offsets = offsets(mid - optimal_bid_);
    ask_offsets = offsets(optimal_ask_ - mid);
  } else if (settings_.version == HummingbotVersion::kCurrent && levels > 0) {
    // _get_level_spreads: i × (δ/2)/100 × level_distances.
    const double step = optimal_spread_ / 2.0 / 100.0 * settings_.level_distances;
    bid_offsets.clear();
    for (int i = 0; i < levels; ++i) bid_offsets.push_back(i * step);
    ask_offsets = bid_offsets;
  }
  for (const double offset : bid_offsets) {
    const Ticks price = quantize(view, optimal_bid_ - offset);
    if (price > 0) proposal.buys.push_back({price, size});
  }
  for (const double offset : ask_offsets) {
    const Ticks price = quantize(view, optimal_ask_ + offset);
    if (price > 0) proposal.sells.push_back({price, size});
  }
}

void AvellanedaStoikov::shape_sizes(const MinerView& view, double mid, Proposal& proposal) const {
  // c_apply_order_amount_eta_transformation: not with an override; the side that would grow
  // the imbalance shrinks by e^(−η·|q|) ("2021": q in base asset; "current": q as a share of
  // the inventory).
  if (!settings_.order_override.empty()) return;
  const Inventory held = inventory(view, mid);
  double q = held.base - held.target;
  double eta = settings_.order_amount_shape_factor;
  if (settings_.version == HummingbotVersion::kCurrent) {
    if (held.total_in_base == 0.0) return;
    q /= held.total_in_base;
  } else {
    if (!parameters_) return;
    eta = parameters_->eta;
  }
  if (q > 0.0) {
    for (PriceSize& buy : proposal.buys) buy.size = quantize_scaled(buy.size, std::exp(-eta * q));
    std::erase_if(proposal.buys, [](const PriceSize& order) { return order.size <= 0; });
  } else if (q < 0.0) {
    for (PriceSize& sell : proposal.sells)
      sell.size = quantize_scaled(sell.size, std::exp(eta * q));
    std::erase_if(proposal.sells, [](const PriceSize& order) { return order.size <= 0; });
  }
}

void AvellanedaStoikov::optimize(const MinerView& view, Proposal& proposal) const {
  // c_apply_order_optimization (v0.40+): any buy above one tick over the best bid (past one own
  // order's size) comes down to it; sells mirrored.
  if (!proposal.buys.empty()) {
    if (const auto top_bid = price_for_volume(view, Side::kBid, own_order_size(view, Side::kBid))) {
      std::stable_sort(proposal.buys.begin(), proposal.buys.end(),
                       [](const PriceSize& a, const PriceSize& b) { return a.price > b.price; });
      for (PriceSize& buy : proposal.buys) buy.price = std::min(buy.price, *top_bid + 1);
    }
  }
  if (!proposal.sells.empty()) {
    if (const auto top_ask = price_for_volume(view, Side::kAsk, own_order_size(view, Side::kAsk))) {
      std::stable_sort(proposal.sells.begin(), proposal.sells.end(),
                       [](const PriceSize& a, const PriceSize& b) { return a.price < b.price; });
      for (PriceSize& sell : proposal.sells) sell.price = std::max(sell.price, *top_ask - 1);
    }
  }
}

bool AvellanedaStoikov::propose(MinerView& view, Proposal& proposal) {
  const auto mid = view.mid();
  if (!mid) return false;
  if (settings_.version != HummingbotVersion::kCurrent) {
    // c_tick @v0.45.0: recalculate γ, κ, η the first time and (spread-based) when σ moved by
    // more than volatility_sensibility since the last calculation.
    const double sigma = volatility_2021(view);
    const double moved =
        last_calculation_volatility_ == 0.0
            ? 0.0
            : std::abs(last_calculation_volatility_ - sigma) / last_calculation_volatility_;
    if (!parameters_ || (settings_.spread_based && moved > settings_.volatility_sensibility)) {
      recalculate_2021(view, *mid);
    }
  }
  compute_quotes(view, *mid);
  // Until the formulas have produced prices there is nothing to quote (Hummingbot would send
  // orders at price 0, which exchanges refuse).
  if (!(optimal_bid_ > 0.0) || !(optimal_ask_ > 0.0)) return false;
  base_proposal(view, *mid, proposal);
  shape_sizes(view, *mid, proposal);
  if (settings_.order_optimization) optimize(view, proposal);
  if (settings_.add_transaction_costs) {
    add_transaction_costs(view, settings_.version, proposal);
  }
  return true;
}

}  // namespace lmsim::sim::miners
