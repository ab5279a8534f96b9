#include "sim/io/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "sim/io/campaign_config.hpp"
#include "sim/io/miner_population.hpp"
#include "sim/io/param_reader.hpp"
#include "sim/io/replay/market_file.hpp"
#include "sim/io/replay_source.hpp"
#include "sim/io/toml_text.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using engine::Nanos;

std::string got(double value) {
  return " (got " + format_number(value) + ")";
}
std::string got_duration(Nanos value) {
  return " (got \"" + format_duration(value) + "\")";
}

/// Range-checked accessors: a fallback for absent keys, an InputError for values out of range.
class Checked {
 public:
  explicit Checked(const TomlTableReader& table) : table_(table) {}

  double number(std::string_view key, std::optional<double> fallback, double low,
                double high = std::numeric_limits<double>::infinity(),
                bool low_open = false) const {
    const double value =
        fallback ? table_.number(key).value_or(*fallback) : table_.require(table_.number(key), key);
    if (!std::isfinite(value)) table_.fail(key, "must be a finite number" + got(value));
    const bool above = low_open ? value > low : value >= low;
    if (!above || !(value <= high)) {
      std::string range = low_open ? "> " + format_number(low) : ">= " + format_number(low);
      if (std::isfinite(high))
        range = "in [" + format_number(low) + ", " + format_number(high) + "]";
      table_.fail(key, "must be " + range + got(value));
    }
    return value;
  }

  double positive(std::string_view key, std::optional<double> fallback) const {
    return number(key, fallback, 0.0, std::numeric_limits<double>::infinity(), true);
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t low,
                       std::int64_t high) const {
    const std::int64_t value = table_.integer(key).value_or(fallback);
    if (value < low || value > high) {
      table_.fail(key, "must be in [" + std::to_string(low) + ", " + std::to_string(high) +
                           "] (got " + std::to_string(value) + ")");
    }
    return value;
  }

  int count(std::string_view key) const { return static_cast<int>(integer(key, 0, 0, 1'000'000)); }

  Nanos duration(std::string_view key, std::optional<Nanos> fallback,
                 bool allow_zero = false) const {
    const Nanos value = fallback ? table_.duration(key).value_or(*fallback)
                                 : table_.require(table_.duration(key), key);
    if (value < 0 || (!allow_zero && value == 0)) {
      table_.fail(key,
                  std::string(allow_zero ? "must not be negative" : "must be longer than zero") +
                      got_duration(value));
    }
    return value;
  }

  bool boolean(std::string_view key, bool fallback) const {
    return table_.boolean(key).value_or(fallback);
  }

  const TomlTableReader& table() const { return table_; }

 private:
  const TomlTableReader& table_;
};

// `[sweep]` belongs to `lmsim sweep` (sweep_spec.hpp): a run reads past it.
const KeyList kScenarioKeys = {"sim",    "market",   "background", "campaign",
                               "miners", "analysis", "sweep",      "miner_populations"};
const KeyList kAnalysisKeys = {"reference_order_sizes", "reward_token_price", "markout_horizon",
                               "baseline", "honest"};
const KeyList kSimKeys = {"start", "duration", "dt", "seed", "miner_ticks"};
const KeyList kMarketKeys = {"pair",
                             "source",
                             "tick_size",
                             "lot_size",
                             "initial_price",
                             "fees",
                             "volatility_half_life",
                             "fundamental"};
const KeyList kReplayMarketKeys = {
    "pair",   "source", "tick_size", "lot_size",     "fees",       "volatility_half_life",
    "format", "files",  "clock",     "trading_date", "utc_offset", "on_bad_row",
    "queue"};
const KeyList kFundamentalKeys = {
    "mean",        "reversion_time",      "volatility",    "jump_rate",        "jump_mean",
    "jump_stddev", "volatile_multiplier", "calm_duration", "volatile_duration"};
const KeyList kBackgroundKeys = {"order_size_scale", "noise",         "value",
                                 "momentum",         "market_makers", "takers"};
const KeyList kNoiseKeys = {"count", "arrival", "pre_open", "mean_interval", "cancel_previous"};
const KeyList kValueKeys = {"count",
                            "mean_interval",
                            "observation_noise",
                            "belief_reversion_time",
                            "percent_aggressive",
                            "depth_spread"};
const KeyList kMomentumKeys = {"count", "mean_interval", "short_window", "long_window"};
const KeyList kMarketMakerKeys = {"count",          "mean_interval", "pov",
                                  "min_order_size", "levels",        "level_spacing",
                                  "spread_alpha",   "price_skew",    "initial_spread"};
const KeyList kTakerKeys = {"count",      "mean_interval", "size_scale",
                            "size_alpha", "max_size",      "informed_fraction"};

// Keys every miner table may have besides its strategy's and its behaviour's.
const KeyList kMinerAccountKeys = {"name",          "strategy", "count", "entity",   "base_balance",
                                   "quote_balance", "latency",  "stake", "economics"};

KeyList merged(const KeyList& a, const KeyList& b) {
  KeyList keys = a;
  keys.insert(keys.end(), b.begin(), b.end());
  return keys;
}

SimSettings read_sim(const TomlTableReader& table) {
  const Checked checked(table);
  SimSettings sim;
  sim.start = table.require(table.datetime("start"), "start");
  sim.duration = checked.duration("duration", std::nullopt);
  sim.step = checked.duration("dt", engine::kNanosPerSecond);
  if (sim.step > sim.duration) {
    table.fail("dt", "must not be longer than duration (\"" + format_duration(sim.duration) +
                         "\")" + got_duration(sim.step));
  }
  const std::int64_t seed = table.integer("seed").value_or(1);
  if (seed < 0) table.fail("seed", "must be >= 0 (got " + std::to_string(seed) + ")");
  sim.seed = static_cast<std::uint64_t>(seed);
  const std::string ticks = table.string("miner_ticks").value_or("on_change");
  if (ticks != "on_change" && ticks != "every_step") {
    table.fail("miner_ticks",
               "expected \"on_change\" or \"every_step\" (got " + io::quoted(ticks) + ")");
  }
  sim.miners_tick_every_step = ticks == "every_step";
  return sim;
}

FundamentalParams read_fundamental(const std::optional<TomlTableReader>& table,
                                   double initial_price) {
  FundamentalParams params;
  params.mean = initial_price;
  if (!table) return params;
  const Checked checked(*table);
  params.mean = checked.positive("mean", initial_price);
  params.reversion_time = checked.duration("reversion_time", 0, true);
  params.volatility = checked.number("volatility", 0.01, 0.0);
  params.jump_rate = checked.number("jump_rate", 0.0, 0.0);
  params.jump_mean = checked.number("jump_mean", 0.0, 0.0);
  params.jump_stddev = checked.number("jump_stddev", 0.0, 0.0);
  params.volatile_multiplier = checked.positive("volatile_multiplier", 1.0);
  params.calm_duration = checked.duration("calm_duration", engine::kNanosPerDay);
  params.volatile_duration = checked.duration("volatile_duration", engine::kNanosPerHour);
  return params;
}

ReplaySettings read_replay(const TomlTableReader& table, const std::string& scenario_path,
                           const Registries& registries) {
  const Checked checked(table);
  ReplaySettings replay;
  replay.format = table.require(table.string("format"), "format");
  if (replay.format != "lobster" && replay.format != "tardis" && replay.format != "lmsim") {
    table.fail("format", "expected \"lobster\", \"tardis\" or \"lmsim\" (got " +
                             io::quoted(replay.format) + ")");
  }
  const auto files = table.require(table.strings("files"), "files");
  if (files.empty()) table.fail("files", "at least one file is needed");
  const std::filesystem::path folder = std::filesystem::path(scenario_path).parent_path();
  for (const std::string& file : files) {
    const std::filesystem::path path =
        std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : folder / file;
    if (!std::filesystem::is_regular_file(path)) {
      table.fail("files", "cannot read " + io::quoted(path.string()) +
                              " (paths are relative to the scenario file)");
    }
    replay.files.push_back(path.lexically_normal().string());
  }
  const std::string clock = table.string("clock").value_or("exchange");
  if (clock != "exchange" && clock != "local") {
    table.fail("clock", "expected \"exchange\" or \"local\" (got " + io::quoted(clock) + ")");
  }
  replay.clock = clock == "local" ? replay::EventClock::kLocal : replay::EventClock::kExchange;
  replay.trading_date = table.string("trading_date").value_or("");
  if (const auto offset = table.string("utc_offset")) {
    const auto value = replay::parse_utc_offset(*offset);
    if (!value) {
      table.fail("utc_offset",
                 "expected an offset such as \"-04:00\" (got " + io::quoted(*offset) + ")");
    }
    replay.utc_offset = *value;
  }
  const std::string policy = table.string("on_bad_row").value_or("error");
  if (policy != "error" && policy != "skip") {
    table.fail("on_bad_row", "expected \"error\" or \"skip\" (got " + io::quoted(policy) + ")");
  }
  replay.on_bad_row = policy == "skip" ? replay::OnBadRow::kSkip : replay::OnBadRow::kError;
  replay.queue = read_model(registries.queue_models, table, "queue", "conservative", "queue model");
  return replay;
}

MarketSettings read_market(const TomlTableReader& probe, const std::string& scenario_path,
                           const Registries& registries) {
  // The source decides which keys are allowed, so it is read first.
  const std::string source = probe.string("source").value_or("synthetic");
  if (source != "synthetic" && source != "replay") {
    probe.fail("source", "unknown source (expected \"synthetic\" or \"replay\") (got " +
                             io::quoted(source) + ")");
  }
  const TomlTableReader table(probe.raw(), probe.file(), probe.path(),
                              source == "replay" ? kReplayMarketKeys : kMarketKeys);
  const Checked checked(table);
  MarketSettings market;
  market.source = source;
  market.spec.pair = table.require(table.string("pair"), "pair");
  if (market.spec.pair.empty()) table.fail("pair", "must not be empty");
  if (source == "replay") {
    market.replay = read_replay(table, scenario_path, registries);
    const auto units =
        replay_units(*market.replay, table.number("tick_size"), table.number("lot_size"));
    if (!units) {
      table.fail(table.has("tick_size") ? "lot_size" : "tick_size",
                 "missing required key (tardis.dev data does not record tick and lot sizes)");
    }
    market.spec.tick_size = units->tick_size;
    market.spec.lot_size = units->lot_size;
    market.fees = read_model(registries.fee_models, table, "fees", "proportional", "fee model");
    market.volatility_half_life =
        checked.duration("volatility_half_life", 5 * engine::kNanosPerMinute);
    market.initial_price = 0.0;  // the recorded book says
    return market;
  }
  market.spec.tick_size = checked.positive("tick_size", std::nullopt);
  market.spec.lot_size = checked.positive("lot_size", std::nullopt);
  market.initial_price = checked.positive("initial_price", std::nullopt);
  if (market.initial_price / market.spec.tick_size < 10.0) {
    table.fail("initial_price", "must be at least 10 ticks (tick_size " +
                                    format_number(market.spec.tick_size) + ")" +
                                    got(market.initial_price));
  }
  market.fees = read_model(registries.fee_models, table, "fees", "proportional", "fee model");
  market.volatility_half_life =
      checked.duration("volatility_half_life", 5 * engine::kNanosPerMinute);
  market.fundamental =
      read_fundamental(table.table("fundamental", kFundamentalKeys), market.initial_price);
  return market;
}

BackgroundSettings read_background(const std::optional<TomlTableReader>& table) {
  BackgroundSettings background;
  if (!table) return background;
  background.order_size_scale = Checked(*table).positive("order_size_scale", 1.0);
  if (const auto noise = table->table("noise", kNoiseKeys)) {
    const Checked checked(*noise);
    background.noise_count = checked.count("count");
    const std::string arrival = noise->string("arrival").value_or("once");
    if (arrival == "once") {
      background.noise.arrival = agents::NoiseArrival::kOnceUQuadratic;
    } else if (arrival == "poisson") {
      background.noise.arrival = agents::NoiseArrival::kPoisson;
    } else {
      noise->fail("arrival", "expected \"once\" or \"poisson\" (got " + io::quoted(arrival) + ")");
    }
    background.noise.pre_open = checked.duration("pre_open", background.noise.pre_open, true);
    background.noise.mean_interval =
        checked.duration("mean_interval", background.noise.mean_interval);
    background.noise.cancel_previous = checked.boolean("cancel_previous", false);
  }
  if (const auto value = table->table("value", kValueKeys)) {
    const Checked checked(*value);
    agents::ValueTraderParams& params = background.value;
    background.value_count = checked.count("count");
    params.mean_interval = checked.duration("mean_interval", params.mean_interval);
    params.observation_noise = checked.number("observation_noise", params.observation_noise, 0.0);
    params.belief_reversion_time =
        checked.duration("belief_reversion_time", params.belief_reversion_time);
    params.percent_aggressive =
        checked.number("percent_aggressive", params.percent_aggressive, 0.0, 1.0);
    params.depth_spread =
        static_cast<int>(checked.integer("depth_spread", params.depth_spread, 1, 1000));
  }
  if (const auto momentum = table->table("momentum", kMomentumKeys)) {
    const Checked checked(*momentum);
    agents::MomentumTraderParams& params = background.momentum;
    background.momentum_count = checked.count("count");
    params.mean_interval = checked.duration("mean_interval", params.mean_interval);
    params.short_window =
        static_cast<int>(checked.integer("short_window", params.short_window, 1, 100'000));
    params.long_window =
        static_cast<int>(checked.integer("long_window", params.long_window, 1, 100'000));
    if (params.short_window > params.long_window) {
      momentum->fail("short_window", "must not exceed long_window (" +
                                         std::to_string(params.long_window) + ") (got " +
                                         std::to_string(params.short_window) + ")");
    }
  }
  if (const auto makers = table->table("market_makers", kMarketMakerKeys)) {
    const Checked checked(*makers);
    agents::AdaptiveMarketMakerParams& params = background.market_maker;
    background.market_maker_count = checked.count("count");
    params.mean_interval = checked.duration("mean_interval", params.mean_interval);
    params.pov = checked.number("pov", params.pov, 0.0, 1.0);
    params.min_order_size =
        checked.integer("min_order_size", params.min_order_size, 1, 1'000'000'000);
    params.levels = static_cast<int>(checked.integer("levels", params.levels, 1, 1000));
    params.level_spacing = checked.positive("level_spacing", params.level_spacing);
    params.spread_alpha = checked.number("spread_alpha", params.spread_alpha, 0.0, 1.0);
    params.price_skew = checked.number("price_skew", params.price_skew, 0.0);
    params.initial_spread = checked.positive("initial_spread", params.initial_spread);
  }
  if (const auto takers = table->table("takers", kTakerKeys)) {
    const Checked checked(*takers);
    agents::TakerFlowParams& params = background.takers;
    background.taker_count = checked.count("count");
    params.mean_interval = checked.duration("mean_interval", params.mean_interval);
    params.size_scale = checked.positive("size_scale", params.size_scale);
    params.size_alpha = checked.positive("size_alpha", params.size_alpha);
    params.max_size = checked.positive("max_size", params.max_size);
    params.informed_fraction =
        checked.number("informed_fraction", params.informed_fraction, 0.0, 1.0);
  }
  return background;
}

/// The economics keys, for the allowed-key list of an `economics` table.
const engine::ParamHolder<miners::EconomicsParams>& economics_holder() {
  static const engine::ParamHolder<miners::EconomicsParams> holder(miners::economics_spec());
  return holder;
}

MinerGroup read_miner(const TomlTableReader& raw, const SimSettings& sim,
                      const Registries& registries) {
  // The strategy decides which keys are allowed, so it is read before the table is checked.
  const TomlTableReader probe(raw.raw(), raw.file(), raw.path(), TomlTableReader::kAnyKeys);
  const std::string strategy_name = probe.require(probe.string("strategy"), "strategy");
  auto strategy =
      configure_kind(registries.strategies, strategy_name, probe, "strategy", "strategy");
  KeyList keys = kMinerAccountKeys;
  const KeyList strategy_keys = param_keys(strategy->params());
  engine::ParamHolder<miners::MinerBehaviour> behaviour(miners::miner_behaviour_spec());
  const KeyList behaviour_keys = param_keys(behaviour);
  keys.insert(keys.end(), strategy_keys.begin(), strategy_keys.end());
  keys.insert(keys.end(), behaviour_keys.begin(), behaviour_keys.end());
  // A parameter of another strategy is a likely mix-up: say so rather than just "unknown".
  for (const miners::StrategyKind& other : registries.strategies.kinds()) {
    if (other.name == strategy_name) continue;
    for (const std::string_view key : param_keys(other.configure()->params())) {
      if (raw.has(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) {
        raw.fail(key, "is a parameter of " + other.name + ", not of " + strategy_name);
      }
    }
  }
  const TomlTableReader table(raw.raw(), raw.file(), raw.path(), keys);
  const Checked checked(table);
  MinerGroup group;
  group.name = table.require(table.string("name"), "name");
  if (group.name.empty() || group.name.find_first_of(" \t\n,\"") != std::string::npos) {
    table.fail("name", "must be non-empty without spaces, commas or quotes (got " +
                           io::quoted(group.name) + ")");
  }
  group.count = static_cast<int>(checked.integer("count", 1, 1, 100'000));
  group.entity = table.string("entity").value_or("");
  group.base_balance = checked.number("base_balance", 0.0, 0.0);
  group.quote_balance = checked.number("quote_balance", 0.0, 0.0);
  group.stake = checked.number("stake", 1.0, 0.0);
  read_params(table, behaviour);
  group.behaviour = behaviour.value();
  group.behaviour.tick_every_step = sim.miners_tick_every_step;
  group.latency =
      read_model(registries.latency_models, table, "latency", "constant", "latency model");
  read_params(table, strategy->params());
  group.strategy = std::move(strategy);
  if (const auto economics = table.table("economics", param_keys(economics_holder()))) {
    engine::ParamHolder<miners::EconomicsParams> params(miners::economics_spec());
    read_params(*economics, params);
    group.economics = params.value();
  }
  return group;
}

AnalysisSettings read_analysis(const std::optional<TomlTableReader>& table) {
  AnalysisSettings analysis;
  if (!table) return analysis;
  const Checked checked(*table);
  if (const auto sizes = table->numbers("reference_order_sizes")) {
    if (sizes->empty() || sizes->size() > 16) {
      table->fail("reference_order_sizes", "expected 1 to 16 sizes");
    }
    for (const double size : *sizes) {
      if (!(size > 0.0)) table->fail("reference_order_sizes", "sizes must be > 0" + got(size));
    }
    analysis.reference_order_sizes = *sizes;
  }
  if (table->has("reward_token_price")) {
    analysis.reward_token_price = checked.positive("reward_token_price", std::nullopt);
  }
  analysis.markout_horizon = checked.duration("markout_horizon", analysis.markout_horizon);
  analysis.baseline = checked.boolean("baseline", true);
  analysis.honest = table->strings("honest").value_or(std::vector<std::string>{});
  return analysis;
}

/// Each `[analysis] honest` name must name a `[[miners]]` group or a strategy of the scenario.
void check_honest(const TomlTableReader& root, const Scenario& scenario) {
  if (scenario.analysis.honest.empty()) return;
  KeyList names;
  for (const MinerGroup& group : scenario.miners) {
    names.push_back(group.name);
    names.push_back(group.strategy->name());
  }
  const auto table = root.table("analysis", TomlTableReader::kAnyKeys);
  for (const std::string& name : scenario.analysis.honest) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string problem =
        "names no [[miners]] group or strategy of this scenario (got " + io::quoted(name) + ")";
    if (const auto closest = closest_key(name, names)) {
      problem += "; did you mean '" + std::string(*closest) + "'?";
    }
    table->fail("honest", problem);
  }
}

void check_campaign_fits(const TomlTableReader& root, const Scenario& scenario) {
  const engine::Campaign& campaign = scenario.campaign;
  const auto market = campaign.market_index(scenario.market.spec.pair);
  const auto table = root.table("campaign", TomlTableReader::kAnyKeys);
  if (!market) {
    table->fail("markets", "the campaign must list the simulated market " +
                               io::quoted(scenario.market.spec.pair));
  }
  if (campaign.markets.size() != 1) {
    table->fail("markets", "a synthetic run simulates one market: list only " +
                               io::quoted(scenario.market.spec.pair));
  }
  if (campaign.epoch_start < scenario.sim.start || campaign.end() > scenario.sim.end()) {
    table->fail("epoch_start", "the campaign runs " + format_timestamp(campaign.epoch_start) +
                                   " to " + format_timestamp(campaign.end()) +
                                   " but the simulation covers " +
                                   format_timestamp(scenario.sim.start) + " to " +
                                   format_timestamp(scenario.sim.end()) +
                                   "; the epochs must lie within the simulated time");
  }
}

std::string effective_text(const toml::table& root, const std::string& path,
                           const std::vector<std::string>& overrides,
                           const std::vector<std::string>& also_score) {
  std::ostringstream text;
  text << "# effective scenario: " << path << "\n";
  for (const std::string& assignment : overrides) text << "# --set " << assignment << "\n";
  for (const std::string& rule : also_score) text << "# --also-score " << rule << "\n";
  text << toml_document_text(root);
  return text.str();
}

}  // namespace

void apply_override(toml::table& root, const std::string& assignment) {
  const std::string source = "--set " + assignment;
  const auto bad = [&](const std::string& problem) -> InputError {
    return InputError({source, 0, 0, ""}, problem);
  };
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) throw bad("expected KEY.PATH=VALUE");
  const std::string path = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);

  toml::table holder;
  try {
    holder = toml::parse("value = " + text, source);
  } catch (const toml::parse_error&) {
    // Not TOML: a bare word such as BTC-USDT is meant as a string.
    holder.insert("value", text);
  }

  toml::table* table = &root;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = path.find('.', begin);
    std::string segment =
        path.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
    std::optional<std::size_t> index;
    if (const std::size_t open = segment.find('['); open != std::string::npos) {
      const auto number =
          parse_integer(std::string_view(segment).substr(open + 1, segment.size() - open - 2));
      if (segment.back() != ']' || !number || *number < 0)
        throw bad("bad array index in " + io::quoted(segment));
      index = static_cast<std::size_t>(*number);
      segment.resize(open);
    }
    if (segment.empty()) throw bad("empty key in " + io::quoted(path));
    if (dot == std::string::npos) {
      if (index) throw bad("the last key cannot be indexed");
      holder.get("value")->visit(
          [&](auto&& value) { table->insert_or_assign(segment, std::move(value)); });
      return;
    }
    toml::node* next = table->get(segment);
    if (index) {
      toml::array* array = next ? next->as_array() : nullptr;
      if (!array || *index >= array->size() || !array->get(*index)->is_table()) {
        throw bad(io::quoted(segment) + " has no table at index " + std::to_string(*index));
      }
      table = array->get(*index)->as_table();
    } else {
      if (!next) {
        table->insert(segment, toml::table{});
        next = table->get(segment);
      }
      if (!next->is_table()) throw bad(io::quoted(segment) + " is not a table");
      table = next->as_table();
    }
    begin = dot + 1;
  }
}

Scenario read_scenario(const toml::table& root, const std::string& path,
                       const Registries& registries) {
  const TomlTableReader document(root, path, "", kScenarioKeys);
  Scenario scenario;
  scenario.path = path;
  scenario.sim = read_sim(document.require(document.table("sim", kSimKeys), "sim"));
  scenario.background = read_background(document.table("background", kBackgroundKeys));
  scenario.market = read_market(
      document.require(document.table("market", merged(kMarketKeys, kReplayMarketKeys)), "market"),
      path, registries);
  if (scenario.market.replay && scenario.background.total() > 0) {
    document.fail("background",
                  "a replayed market has no background population: the recorded "
                  "book is the market (remove [background])");
  }

  CampaignConfig campaign = read_campaign_config(
      document.require(document.table("campaign", TomlTableReader::kAnyKeys), "campaign"),
      registries.rules);
  scenario.campaign = std::move(campaign.campaign);
  scenario.also_score = std::move(campaign.also_score);
  check_campaign_fits(document, scenario);
  scenario.campaign_market = *scenario.campaign.market_index(scenario.market.spec.pair);
  scenario.analysis = read_analysis(document.table("analysis", kAnalysisKeys));
  for (const TomlTableReader& miner : document.tables("miners", TomlTableReader::kAnyKeys)) {
    scenario.miners.push_back(read_miner(miner, scenario.sim, registries));
    for (std::size_t i = 0; i + 1 < scenario.miners.size(); ++i) {
      if (scenario.miners[i].name == scenario.miners.back().name) {
        miner.fail("name",
                   "miner " + io::quoted(scenario.miners.back().name) + " is defined twice");
      }
    }
  }
  std::vector<MinerGroup> drawn = read_miner_populations(
      document, scenario.sim.seed, registries,
      [&](const TomlTableReader& table) { return read_miner(table, scenario.sim, registries); });
  for (MinerGroup& group : drawn) {
    for (const MinerGroup& other : scenario.miners) {
      if (other.name == group.name) {
        document.fail("miner_populations",
                      "the account " + io::quoted(group.name) + " is also a [[miners]] name");
      }
    }
    scenario.miners.push_back(std::move(group));
  }
  check_honest(document, scenario);
  return scenario;
}

void add_also_score(toml::table& root, const std::string& rule, const engine::RuleRegistry& rules) {
  const std::string source = "--also-score " + rule;
  if (rules.find(rule) == nullptr) {
    throw InputError({source, 0, 0, ""}, unknown_name_problem("rule", rule, rules.names()));
  }
  toml::node* campaign = root.get("campaign");
  // Without a campaign table, reading the scenario reports what is missing.
  if (campaign == nullptr || !campaign->is_table()) return;
  toml::table& table = *campaign->as_table();
  if (table.get("also_score") == nullptr) table.insert("also_score", toml::array{});
  toml::array* entries = table.get("also_score")->as_array();
  if (entries == nullptr || (!entries->empty() && !entries->is_array_of_tables())) {
    throw InputError({source, 0, 0, ""}, "campaign.also_score is not an array of tables");
  }
  entries->push_back(toml::table{{"rule", rule}});
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const Registries& registries, const std::vector<std::string>& also_score) {
  return scenario_from_document(parse_toml_file(path), path, overrides, registries, also_score);
}

Scenario scenario_from_document(toml::table root, const std::string& path,
                                const std::vector<std::string>& overrides,
                                const Registries& registries,
                                const std::vector<std::string>& also_score) {
  for (const std::string& assignment : overrides) apply_override(root, assignment);
  for (const std::string& rule : also_score) add_also_score(root, rule, registries.rules);
  Scenario scenario = read_scenario(root, path, registries);
  scenario.effective_text = effective_text(root, path, overrides, also_score);
  return scenario;
}

}  // namespace lmsim::sim::io
