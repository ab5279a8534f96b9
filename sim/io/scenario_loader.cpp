#include "sim/io/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <sstream>

#include "engine/pair.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/core/scenario_keys.hpp"

#include "sim/io/campaign_config.hpp"
#include "sim/io/miner_population.hpp"
#include "sim/io/param_reader.hpp"
#include "sim/io/replay/decimal_step.hpp"
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

/// The keys of `spec` followed by `extra` (views into the spec, which lives for the program).
template <typename P>
KeyList keys_of(const engine::ParamSpec<P>& spec, const KeyList& extra = {}) {
  KeyList keys;
  for (const engine::ParamInfo& info : spec.infos()) keys.push_back(info.key);
  keys.insert(keys.end(), extra.begin(), extra.end());
  return keys;
}

/// Reads the keys of `spec` that `table` holds into a copy of `initial` (the defaults).
template <typename P>
P read_keys(const TomlTableReader& table, const engine::ParamSpec<P>& spec, P initial = P{}) {
  engine::ParamHolder<P> holder(spec, std::move(initial));
  read_params(table, holder);
  return holder.value();
}

// `[sweep]` belongs to `lmsim sweep` (sweep_spec.hpp): a run reads past it.
const KeyList kScenarioKeys = {"sim",    "market",   "background", "campaign",
                               "miners", "analysis", "sweep",      "miner_populations"};
const KeyList kMarketKeys = {
    "pair",          "source", "reference_price",      "tick_size",           "lot_size",
    "initial_price", "fees",   "volatility_half_life", "volatility_interval", "fundamental"};
const KeyList kReplayMarketKeys = {"pair",       "source",
                                   "tick_size",  "lot_size",
                                   "fees",       "volatility_half_life",
                                   "format",     "files",
                                   "clock",      "trading_date",
                                   "utc_offset", "on_bad_row",
                                   "queue",      "volatility_interval"};
const KeyList kBackgroundGroups = {"noise",         "value",  "momentum",
                                   "market_makers", "takers", "liquidity"};

// Keys every miner table may have besides its strategy's and its behaviour's.
const KeyList kMinerNamingKeys = {"name", "strategy", "entity", "latency", "economics"};

KeyList merged(const KeyList& a, const KeyList& b) {
  KeyList keys = a;
  keys.insert(keys.end(), b.begin(), b.end());
  return keys;
}

SimSettings read_sim(const TomlTableReader& table) {
  SimSettings sim;
  sim.start = table.require(table.datetime("start"), "start");
  const SimKeys keys = read_keys(table, sim_keys_spec());
  // start + duration and every step of the clock must stay inside the int64 range of ns.
  if (sim.start > std::numeric_limits<Nanos>::max() - engine::kNanosPerDay - keys.duration) {
    table.fail("duration", "the simulation would end after the year 2262");
  }
  sim.duration = keys.duration;
  sim.step = keys.dt;
  sim.seed = static_cast<std::uint64_t>(keys.seed);
  sim.miners_tick_every_step = keys.miner_ticks == "every_step";
  return sim;
}

FundamentalParams read_fundamental(const std::optional<TomlTableReader>& table,
                                   const MarketSettings& market) {
  FundamentalKeys keys;
  if (table) keys = read_keys(*table, fundamental_keys_spec());
  FundamentalParams params = keys.params;
  params.mean = keys.mean.value_or(market.initial_price);
  if (table && keys.mean && params.mean / market.spec.tick_size > kMaxPriceTicks) {
    table->fail("mean", "must be at most 1000000000000 ticks (tick_size " +
                            format_number(market.spec.tick_size) + ")" + got(params.mean));
  }
  return params;
}

ReplaySettings read_replay(const TomlTableReader& table, const std::string& scenario_path,
                           const Registries& registries) {
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
  MarketSettings market;
  market.source = source;
  market.spec.pair = table.require(table.string("pair"), "pair");
  if (market.spec.pair.empty()) table.fail("pair", "must not be empty");
  const MarketKeys keys = read_keys(table, market_keys_spec());
  market.volatility_half_life = keys.volatility_half_life;
  market.volatility_interval = keys.volatility_interval;
  market.reference_price = keys.reference_price;
  if (source == "replay") {
    market.replay = read_replay(table, scenario_path, registries);
    const auto units = replay_units(*market.replay, keys.tick_size, keys.lot_size);
    if (!units) {
      table.fail(table.has("tick_size") ? "lot_size" : "tick_size",
                 "missing required key (tardis.dev data does not record tick and lot sizes)");
    }
    market.spec.tick_size = units->tick_size;
    market.spec.lot_size = units->lot_size;
    // Recorded prices and sizes are counted in exact decimal steps (docs/market-data.md).
    for (const auto& [key, size] :
         {std::pair{"tick_size", units->tick_size}, std::pair{"lot_size", units->lot_size}}) {
      if (!replay::DecimalStep::from_double(size)) {
        table.fail(key,
                   "must be a decimal step of at least 1e-18, such as 0.01 or 1e-8" + got(size));
      }
    }
    market.fees = read_model(registries.fee_models, table, "fees", "proportional", "fee model");
    market.initial_price = 0.0;  // the recorded book says
    return market;
  }
  market.spec.tick_size = table.require(keys.tick_size, "tick_size");
  market.spec.lot_size = table.require(keys.lot_size, "lot_size");
  market.initial_price = table.require(keys.initial_price, "initial_price");
  const double ticks = market.initial_price / market.spec.tick_size;
  if (ticks < 10.0) {
    table.fail("initial_price", "must be at least 10 ticks (tick_size " +
                                    format_number(market.spec.tick_size) + ")" +
                                    got(market.initial_price));
  }
  if (ticks > kMaxPriceTicks) {
    table.fail("initial_price", "must be at most 1000000000000 ticks (tick_size " +
                                    format_number(market.spec.tick_size) + ")" +
                                    got(market.initial_price));
  }
  market.fees = read_model(registries.fee_models, table, "fees", "proportional", "fee model");
  market.fundamental =
      read_fundamental(table.table("fundamental", keys_of(fundamental_keys_spec())), market);
  return market;
}

template <typename Params>
void read_group(const TomlTableReader& background, std::string_view name,
                const engine::ParamSpec<GroupKeys<Params>>& spec, int& count, Params& params) {
  const auto table = background.table(name, keys_of(spec));
  if (!table) return;
  const GroupKeys<Params> keys = read_keys(*table, spec, GroupKeys<Params>{count, params});
  count = keys.count;
  params = keys.params;
}

BackgroundSettings read_background(const std::optional<TomlTableReader>& table) {
  BackgroundSettings background;
  if (!table) return background;
  background.order_size_scale =
      read_keys(*table, background_keys_spec(), BackgroundKeys{background.order_size_scale})
          .order_size_scale;
  read_group(*table, "noise", noise_keys_spec(), background.noise_count, background.noise);
  read_group(*table, "value", value_keys_spec(), background.value_count, background.value);
  read_group(*table, "momentum", momentum_keys_spec(), background.momentum_count,
             background.momentum);
  read_group(*table, "market_makers", market_maker_keys_spec(), background.market_maker_count,
             background.market_maker);
  read_group(*table, "takers", taker_keys_spec(), background.taker_count, background.takers);
  read_group(*table, "liquidity", liquidity_keys_spec(), background.liquidity_count,
             background.liquidity);
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
  KeyList keys = keys_of(miner_account_keys_spec(), kMinerNamingKeys);
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
  MinerGroup group;
  group.name = table.require(table.string("name"), "name");
  if (group.name.empty() || group.name.find_first_of(" \t\n,\"") != std::string::npos) {
    table.fail("name", "must be non-empty without spaces, commas or quotes (got " +
                           io::quoted(group.name) + ")");
  }
  const MinerAccountKeys account = read_keys(table, miner_account_keys_spec());
  group.count = account.count;
  group.base_balance = account.base_balance;
  group.quote_balance = account.quote_balance;
  group.stake = account.stake;
  group.entity = table.string("entity").value_or("");
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
  if (!table) return AnalysisSettings{};
  AnalysisSettings analysis = read_keys(*table, analysis_keys_spec());
  analysis.honest = table->strings("honest").value_or(std::vector<std::string>{});
  return analysis;
}

/// A number as a message shows a derived quantity: "1e+19", "250029".
std::string shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

/// "comes to 1e+19 lots of lot_size 1e-18; at most 9007199254740992 (2^53)".
std::string in_units(double units, const std::string& unit) {
  return "comes to " + shown(units) + " " + unit +
         "; a size may be at most 9007199254740992 (2^53)";
}

/// Sizes and amounts that the book counts in lots and cash units must fit them with headroom
/// (run_limits.hpp): a key's value too large for a tiny lot or tick is an error at that key.
void check_units(const TomlTableReader& document, const Scenario& scenario) {
  const MarketSpec& spec = scenario.market.spec;
  const double cash_unit = spec.cash_unit();
  const std::string lot = "lots of lot_size " + format_number(spec.lot_size);
  const std::string cash = "cash units (one lot at one tick: " + shown(cash_unit) + ")";
  const auto lots_of = [&](double amount) { return amount / spec.lot_size; };
  const auto miner_tables = document.tables("miners", TomlTableReader::kAnyKeys);
  for (std::size_t i = 0; i < scenario.miners.size(); ++i) {
    const MinerGroup& group = scenario.miners[i];
    const TomlTableReader& table = miner_tables[i];
    if (lots_of(group.base_balance) > kMaxUnits) {
      table.fail("base_balance", in_units(lots_of(group.base_balance), lot));
    }
    if (group.quote_balance / cash_unit > kMaxUnits) {
      table.fail("quote_balance", in_units(group.quote_balance / cash_unit, cash));
    }
    // The largest order a strategy sends: order_amount, on its top level when it has levels.
    const engine::ParamObject& params = group.strategy->params();
    if (params.find("order_amount") == nullptr) continue;
    double largest = std::get<double>(params.get("order_amount"));
    if (params.find("order_level_amount") != nullptr && params.find("order_levels") != nullptr) {
      const auto levels = std::get<std::int64_t>(params.get("order_levels"));
      largest += std::max(0.0, static_cast<double>(levels - 1) *
                                   std::get<double>(params.get("order_level_amount")));
    }
    if (lots_of(largest) > kMaxUnits) {
      table.fail("order_amount", in_units(lots_of(largest), lot));
    }
    if (params.find("order_notional") != nullptr && !scenario.market.replay) {
      const double notional = std::get<double>(params.get("order_notional"));
      if (lots_of(notional / scenario.market.initial_price) > kMaxUnits) {
        table.fail("order_notional",
                   "at the initial price " +
                       in_units(lots_of(notional / scenario.market.initial_price), lot));
      }
    }
    if (!scenario.market.replay &&
        largest * scenario.market.initial_price / cash_unit > kMaxUnits) {
      table.fail("order_amount",
                 "an order of it at the initial price " +
                     in_units(largest * scenario.market.initial_price / cash_unit, cash));
    }
  }
  if (scenario.background.taker_count > 0) {
    const auto takers = document.table("background", TomlTableReader::kAnyKeys)
                            ->table("takers", TomlTableReader::kAnyKeys);
    const agents::TakerFlowParams& params = scenario.background.takers;
    for (const auto& [key, value] :
         {std::pair{"size_scale", params.size_scale}, std::pair{"max_size", params.max_size}}) {
      if (lots_of(value) > kMaxUnits) takers->fail(key, in_units(lots_of(value), lot));
    }
  }
  for (const double size : scenario.analysis.reference_order_sizes) {
    if (lots_of(size) > kMaxUnits) {
      const auto analysis = document.table("analysis", TomlTableReader::kAnyKeys);
      analysis->fail("reference_order_sizes", in_units(lots_of(size), lot));
    }
  }
}

/// The value of the dotted `key` ("background.noise.mean_interval") in `document`'s tables, for
/// a location: the key's own when it is written there, else its table's.
InputLocation locate(const TomlTableReader& document, const std::string& key) {
  const TomlTableReader* table = &document;
  std::optional<TomlTableReader> sub;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = key.find('.', begin);
    const std::string part = key.substr(begin, dot == std::string::npos ? dot : dot - begin);
    if (dot == std::string::npos) return table->location(part);
    if (!table->raw().get(part) || !table->raw().get(part)->is_table()) {
      InputLocation location = table->location(part);
      location.key = key;
      return location;
    }
    sub.emplace(*table->table(part, TomlTableReader::kAnyKeys));
    table = &*sub;
    begin = dot + 1;
  }
}

/// Miners with economics weigh rewards against capital, so the reward token needs a value in
/// quote currency: the pair's own assets have one; any other token needs a price.
void check_reward_value(const TomlTableReader& document, const Scenario& scenario) {
  const bool economics = std::any_of(scenario.miners.begin(), scenario.miners.end(),
                                     [](const MinerGroup& group) { return group.economics; });
  if (!economics || scenario.analysis.reward_token_price) return;
  const engine::PairAssets assets = engine::pair_assets(scenario.market.spec.pair);
  const std::string& token = scenario.campaign.reward_token;
  if (token == assets.base || token == assets.quote) return;
  document.table("campaign", TomlTableReader::kAnyKeys)
      ->fail("reward_token", "is neither asset of " + scenario.market.spec.pair +
                                 ", and miners with economics value rewards in " + assets.quote +
                                 ": set [analysis] reward_token_price (got " + io::quoted(token) +
                                 ")");
}

/// A scenario with more accounts than a run may hold (run_limits.hpp) is refused at the count
/// of the largest group.
void check_account_count(const TomlTableReader& document, const Scenario& scenario) {
  const BackgroundSettings& background = scenario.background;
  std::vector<std::pair<std::string, double>> counts = {
      {"background.noise.count", background.noise_count},
      {"background.value.count", background.value_count},
      {"background.momentum.count", background.momentum_count},
      {"background.market_makers.count", background.market_maker_count},
      {"background.takers.count", background.taker_count}};
  for (std::size_t i = 0; i < scenario.miners.size(); ++i) {
    counts.emplace_back("miners[" + std::to_string(i) + "].count", scenario.miners[i].count);
  }
  double total = 0;
  for (const auto& entry : counts) total += entry.second;
  if (total <= kMaxAccounts) return;
  const auto largest =
      std::max_element(counts.begin(), counts.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  throw InputError(locate(document, largest->first),
                   "the run would hold " + shown(total) +
                       " accounts (background agents and miner accounts); a run may hold at most "
                       "1000000");
}

/// A scenario whose window implies more events than a run may process (run_limits.hpp) is
/// refused at the key that contributes most, rather than left to spin for hours.
void check_event_count(const TomlTableReader& document, const Scenario& scenario) {
  const std::vector<EventSource> sources = estimate_events(scenario);
  double total = 0;
  for (const EventSource& source : sources) total += source.events;
  if (total <= kMaxExpectedEvents) return;
  char text[96];
  std::snprintf(text, sizeof text, "%.3g events, %.3g of them from %s", total,
                sources.front().events, sources.front().what.c_str());
  throw InputError(locate(document, sources.front().key),
                   std::string("the run would process about ") + text +
                       " over its duration; a run may process at most 2e+09 (make the "
                       "interval longer, the group smaller or the run shorter)");
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

std::string baseline_key(toml::table root, const std::string& path) {
  for (const char* table : {"campaign", "miners", "miner_populations", "sweep"}) root.erase(table);
  return path + "\n" + toml_document_text(root);
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
  scenario.sim =
      read_sim(document.require(document.table("sim", keys_of(sim_keys_spec(), {"start"})), "sim"));
  scenario.background = read_background(
      document.table("background", keys_of(background_keys_spec(), kBackgroundGroups)));
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
  scenario.analysis =
      read_analysis(document.table("analysis", keys_of(analysis_keys_spec(), {"honest"})));
  if (const auto interval = scenario.analysis.sample_interval;
      interval && *interval % scenario.sim.step != 0) {
    document.table("analysis", TomlTableReader::kAnyKeys)
        ->fail("sample_interval", "must be a whole multiple of sim.dt (\"" +
                                      engine::format_duration(scenario.sim.step) + "\") (got \"" +
                                      engine::format_duration(*interval) + "\")");
  }
  for (const TomlTableReader& miner : document.tables("miners", TomlTableReader::kAnyKeys)) {
    scenario.miners.push_back(read_miner(miner, scenario.sim, registries));
    for (std::size_t i = 0; i + 1 < scenario.miners.size(); ++i) {
      if (scenario.miners[i].name == scenario.miners.back().name) {
        miner.fail("name",
                   "miner " + io::quoted(scenario.miners.back().name) + " is defined twice");
      }
    }
  }
  check_honest(document, scenario);
  check_units(document, scenario);
  check_account_count(document, scenario);
  check_event_count(document, scenario);
  // Drawn accounts are checked when drawn (their keys' ranges); each population's count is
  // bounded by its own range.
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
  check_reward_value(document, scenario);
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
  scenario.baseline_key = baseline_key(std::move(root), path);
  return scenario;
}

}  // namespace lmsim::sim::io
