#include "sim/io/hummingbot_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/number_text.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

namespace {

/// How one Hummingbot option becomes lmsim's.
enum class Conversion : std::uint8_t {
  kNumber,       ///< a number, same unit (percentages stay percentages)
  kInteger,      ///< a whole number
  kBoolean,      ///< yes/no, true/false
  kText,         ///< a string
  kSeconds,      ///< seconds → a duration
  kDays,         ///< days → a duration (closing_time)
  kCommaList,    ///< "1,2" (or a YAML list) → an array of numbers
  kOverride,     ///< {name: [side, spread, amount]} → rows, in the file's order
  kComment,      ///< kept as a comment (exchange, market, template_version)
  kPriceDetail,  ///< a key of an external or custom price source
  kTimeframe,    ///< execution_timeframe_mode: a nested mode → flat keys
  kLevelsMode,   ///< order_levels_mode: a nested mode → flat keys
  kHangingMode,  ///< hanging_orders_mode: a nested mode → flat keys
  kAggregation,  ///< hanging_orders_aggregation_type (v0.41–v0.42): only NO_AGGREGATION
};

struct Option {
  const char* key;
  Conversion conversion;
};

// pure_market_making_config_map.py at v0.34.0, v0.45.0 and master, every key its template
// writes.
constexpr Option kPureMarketMaking[] = {
    {"template_version", Conversion::kComment},
    {"exchange", Conversion::kComment},
    {"market", Conversion::kComment},
    {"bid_spread", Conversion::kNumber},
    {"ask_spread", Conversion::kNumber},
    {"minimum_spread", Conversion::kNumber},
    {"order_refresh_time", Conversion::kSeconds},
    {"max_order_age", Conversion::kSeconds},
    {"order_refresh_tolerance_pct", Conversion::kNumber},
    {"order_amount", Conversion::kNumber},
    {"price_ceiling", Conversion::kNumber},
    {"price_floor", Conversion::kNumber},
    {"moving_price_band_enabled", Conversion::kBoolean},
    {"price_ceiling_pct", Conversion::kNumber},
    {"price_floor_pct", Conversion::kNumber},
    {"price_band_refresh_time", Conversion::kSeconds},
    {"ping_pong_enabled", Conversion::kBoolean},
    {"inventory_skew_enabled", Conversion::kBoolean},
    {"inventory_target_base_pct", Conversion::kNumber},
    {"inventory_range_multiplier", Conversion::kNumber},
    {"inventory_price", Conversion::kNumber},
    {"order_levels", Conversion::kInteger},
    {"order_level_amount", Conversion::kNumber},
    {"order_level_spread", Conversion::kNumber},
    {"filled_order_delay", Conversion::kSeconds},
    {"hanging_orders_enabled", Conversion::kBoolean},
    {"hanging_orders_cancel_pct", Conversion::kNumber},
    {"order_optimization_enabled", Conversion::kBoolean},
    {"ask_order_optimization_depth", Conversion::kNumber},
    {"bid_order_optimization_depth", Conversion::kNumber},
    {"add_transaction_costs", Conversion::kBoolean},
    {"price_source", Conversion::kText},
    {"price_type", Conversion::kText},
    {"price_source_exchange", Conversion::kPriceDetail},
    {"price_source_market", Conversion::kPriceDetail},
    {"price_source_custom_api", Conversion::kPriceDetail},
    {"custom_api_update_interval", Conversion::kPriceDetail},
    {"take_if_crossed", Conversion::kBoolean},
    {"order_override", Conversion::kOverride},
    {"split_order_levels_enabled", Conversion::kBoolean},
    {"bid_order_level_spreads", Conversion::kCommaList},
    {"ask_order_level_spreads", Conversion::kCommaList},
    {"bid_order_level_amounts", Conversion::kCommaList},
    {"ask_order_level_amounts", Conversion::kCommaList},
    {"should_wait_order_cancel_confirmation", Conversion::kBoolean},
};

// avellaneda_market_making_config_map.py (v0.38.0 … v0.45.0) and
// avellaneda_market_making_config_map_pydantic.py (master).
constexpr Option kAvellaneda[] = {
    {"template_version", Conversion::kComment},
    {"exchange", Conversion::kComment},
    {"market", Conversion::kComment},
    {"execution_timeframe_mode", Conversion::kTimeframe},
    {"order_amount", Conversion::kNumber},
    {"order_optimization_enabled", Conversion::kBoolean},
    {"risk_factor", Conversion::kNumber},
    {"order_amount_shape_factor", Conversion::kNumber},
    {"min_spread", Conversion::kNumber},
    {"max_spread", Conversion::kNumber},
    {"vol_to_spread_multiplier", Conversion::kNumber},
    {"volatility_sensibility", Conversion::kNumber},
    {"inventory_risk_aversion", Conversion::kNumber},
    {"order_book_depth_factor", Conversion::kNumber},
    {"parameters_based_on_spread", Conversion::kBoolean},
    {"closing_time", Conversion::kDays},
    {"order_refresh_time", Conversion::kSeconds},
    {"max_order_age", Conversion::kSeconds},
    {"order_refresh_tolerance_pct", Conversion::kNumber},
    {"filled_order_delay", Conversion::kSeconds},
    {"inventory_target_base_pct", Conversion::kNumber},
    {"add_transaction_costs", Conversion::kBoolean},
    {"volatility_buffer_size", Conversion::kInteger},
    {"trading_intensity_buffer_size", Conversion::kInteger},
    {"order_levels", Conversion::kInteger},
    {"order_levels_mode", Conversion::kLevelsMode},
    {"order_override", Conversion::kOverride},
    {"hanging_orders_enabled", Conversion::kBoolean},
    {"hanging_orders_cancel_pct", Conversion::kNumber},
    {"hanging_orders_mode", Conversion::kHangingMode},
    {"hanging_orders_aggregation_type", Conversion::kAggregation},
    {"should_wait_order_cancel_confirmation", Conversion::kBoolean},
};

/// The options of PMM that only master has, and those from v0.36 on (to infer the release).
constexpr const char* kPmmCurrentOnly[] = {
    "moving_price_band_enabled", "price_ceiling_pct",          "price_floor_pct",
    "price_band_refresh_time",   "split_order_levels_enabled", "bid_order_level_spreads",
    "ask_order_level_spreads",   "bid_order_level_amounts",    "ask_order_level_amounts"};
constexpr const char* kPmmSince2021[] = {"inventory_price", "custom_api_update_interval",
                                         "should_wait_order_cancel_confirmation"};
constexpr const char* kAsCurrentOnly[] = {"execution_timeframe_mode",
                                          "trading_intensity_buffer_size", "order_levels_mode",
                                          "hanging_orders_mode"};

/// One lmsim key and its value, where the file gave it.
struct Assignment {
  std::string key;
  engine::ParamValue value;
  InputLocation location;
};

class Importer {
 public:
  Importer(const std::string& file, const YAML::Node& root) : file_(file), root_(root) {}

  InputLocation at(const YAML::Node& node, const std::string& key) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return InputLocation{file_, 0, 0, key};
    return InputLocation{file_, mark.line + 1, mark.column + 1, key};
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& problem) const {
    throw InputError(at(node, key), problem);
  }

  static bool is_null(const YAML::Node& node) {
    return !node.IsDefined() || node.IsNull() ||
           (node.IsScalar() && (node.Scalar().empty() || node.Scalar() == "None"));
  }

  double number(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      double value = 0.0;
      std::istringstream stream(text);
      stream.imbue(std::locale::classic());
      if ((stream >> value) && stream.eof() && std::isfinite(value)) return value;
      fail(node, key, "expected a number (got " + io::quoted(text) + ")");
    }
    fail(node, key, "expected a number");
  }
  std::int64_t integer(const YAML::Node& node, const std::string& key) const {
    const double value = number(node, key);
    if (value != std::floor(value) || std::abs(value) > 1e15) {
      fail(node, key, "expected a whole number (got " + io::quoted(node.Scalar()) + ")");
    }
    return static_cast<std::int64_t>(value);
  }
  bool boolean(const YAML::Node& node, const std::string& key) const {
    // Hummingbot's validate_bool: yes/no, y/n, true/false (any case).
    if (node.IsScalar()) {
      std::string text = node.Scalar();
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (text == "true" || text == "yes" || text == "y") return true;
      if (text == "false" || text == "no" || text == "n") return false;
      fail(node, key, "expected yes/no or true/false (got " + io::quoted(node.Scalar()) + ")");
    }
    fail(node, key, "expected yes/no or true/false");
  }
  std::string text(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, key, "expected a string");
    return node.Scalar();
  }
  std::vector<double> comma_list(const YAML::Node& node, const std::string& key) const {
    std::vector<double> values;
    if (node.IsSequence()) {
      for (const YAML::Node& element : node) values.push_back(number(element, key));
      return values;
    }
    std::string item;
    std::istringstream stream(text(node, key));
    while (std::getline(stream, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      std::istringstream one(item);
      one.imbue(std::locale::classic());
      double value = 0.0;
      if (!(one >> value) || !one.eof() || !std::isfinite(value)) {
        fail(node, key, "expected comma-separated numbers (got " + io::quoted(node.Scalar()) + ")");
      }
      values.push_back(value);
    }
    return values;
  }
  std::vector<engine::ParamRow> override_rows(const YAML::Node& node,
                                              const std::string& key) const {
    if (!node.IsMap()) fail(node, key, "expected a mapping of names to [side, spread, amount]");
    std::vector<engine::ParamRow> rows;
    for (const auto& entry : node) {
      const YAML::Node& row = entry.second;
      const std::string where = key + "." + entry.first.Scalar();
      if (!row.IsSequence() || row.size() != 3) {
        fail(row, where, "expected [side, spread percent, amount]");
      }
      rows.push_back(
          engine::ParamRow{text(row[0], where), number(row[1], where), number(row[2], where)});
    }
    return rows;
  }

  const std::string& file() const { return file_; }
  const YAML::Node& root() const { return root_; }

 private:
  std::string file_;
  YAML::Node root_;
};

/// The mode a nested mode setting names by its keys (avellaneda_market_making_config_map_pydantic:
/// the union's models tried in order, each forbidding keys it lacks).
std::string nested_mode(const Importer& importer, Conversion conversion, const std::string& key,
                        const YAML::Node& value) {
  struct Mode {
    const char* name;
    std::vector<std::string> settings;
  };
  std::vector<Mode> modes;
  if (conversion == Conversion::kTimeframe) {
    modes = {{"infinite", {}},
             {"from_date_to_date", {"start_datetime", "end_datetime"}},
             {"daily_between_times", {"start_time", "end_time"}}};
  } else if (conversion == Conversion::kLevelsMode) {
    modes = {{"single_order_level", {}},
             {"multi_order_level", {"order_levels", "level_distances"}}};
  } else {
    modes = {{"ignore_hanging_orders", {}},
             {"track_hanging_orders", {"hanging_orders_cancel_pct"}}};
  }
  std::string all;
  for (const Mode& mode : modes) {
    for (const std::string& setting : mode.settings) all += (all.empty() ? "" : ", ") + setting;
  }
  for (const Mode& mode : modes) {
    const bool fits = std::all_of(value.begin(), value.end(), [&](const auto& setting) {
      return std::find(mode.settings.begin(), mode.settings.end(), setting.first.Scalar()) !=
             mode.settings.end();
    });
    if (fits) return mode.name;
  }
  for (const auto& setting : value) {
    importer.fail(setting.first, key + "." + setting.first.Scalar(),
                  "these settings fit no mode of " + key + " (settings: " + all + ")");
  }
  importer.fail(value, key, "settings that fit no mode");
}

std::string valid_name(const std::string& file) {
  std::string name = std::filesystem::path(file).stem().string();
  for (char& c : name) {
    if (c == ' ' || c == '\t' || c == ',' || c == '"' || c == '\n') c = '_';
  }
  return name.empty() ? "hummingbot" : name;
}

bool has_key(const YAML::Node& root, const char* key) {
  return root[key].IsDefined() && !Importer::is_null(root[key]);
}

template <std::size_t N>
bool has_any(const YAML::Node& root, const char* const (&keys)[N]) {
  return std::any_of(std::begin(keys), std::end(keys),
                     [&](const char* key) { return root[key].IsDefined(); });
}

std::string comment_value(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

std::string import_hummingbot_config(std::string_view yaml, const std::string& file,
                                     const HummingbotImportOptions& options,
                                     const Registries& registries) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& error) {
    throw InputError(InputLocation{file, error.mark.line + 1, error.mark.column + 1, ""},
                     "not a YAML file: " + error.msg);
  }
  const Importer importer(file, root);
  if (!root.IsMap()) {
    throw InputError(InputLocation{file, 1, 1, ""},
                     "expected a Hummingbot strategy config: a mapping of options to values");
  }
  const YAML::Node strategy_node = root["strategy"];
  if (Importer::is_null(strategy_node)) {
    throw InputError(InputLocation{file, 0, 0, "strategy"},
                     "missing key (pure_market_making or avellaneda_market_making)");
  }
  const std::string hb_strategy = importer.text(strategy_node, "strategy");
  const bool pmm = hb_strategy == "pure_market_making";
  if (!pmm && hb_strategy != "avellaneda_market_making") {
    importer.fail(strategy_node, "strategy",
                  "lmsim imports pure_market_making and avellaneda_market_making (got " +
                      io::quoted(hb_strategy) + ")");
  }
  const std::string strategy = pmm ? "pure_market_making" : "avellaneda_stoikov";

  // The release: given, or read off the options the file has (Hummingbot writes every option
  // of its template, so one new in a release shows the file is at least that recent).
  std::string version = options.version;
  std::string version_note = "given";
  if (version.empty()) {
    if (pmm) {
      version = has_any(root, kPmmCurrentOnly) ? "current"
                : has_any(root, kPmmSince2021) ? "2021"
                                               : "2020";
      version_note = version == "current" ? "inferred: it has options new in v1.5.0"
                     : version == "2021"  ? "inferred: it has options of v0.36.0 and later"
                                          : "inferred: it has no option newer than v0.35.0";
    } else {
      version = has_any(root, kAsCurrentOnly) ? "current" : "2021";
      version_note = version == "current" ? "inferred: it has options new after v0.45.0"
                                          : "inferred: it has no option newer than v0.45.0";
    }
  }
  if (version != "2020" && version != "2021" && version != "current") {
    throw InputError(
        InputLocation{"", 0, 0, "--version"},
        "expected \"2020\", \"2021\" or \"current\" (got " + io::quoted(version) + ")");
  }

  const auto kind = registries.strategies.find(strategy);
  if (kind == nullptr) throw InputError(InputLocation{file, 0, 0, "strategy"}, "unknown strategy");
  const auto configured = kind->configure();
  engine::ParamObject& params = configured->params();

  std::vector<std::string> comments;
  std::vector<std::string> unused;
  std::vector<Assignment> assignments;
  const auto assign = [&](const std::string& key, engine::ParamValue value, const YAML::Node& node,
                          const std::string& where) {
    assignments.push_back(Assignment{key, std::move(value), importer.at(node, where)});
  };
  assign("hummingbot_version", version, YAML::Node(), "");
  const bool external_price = pmm && has_key(root, "price_source") &&
                              root["price_source"].IsScalar() &&
                              root["price_source"].Scalar() != "current_market";

  const auto* begin = pmm ? std::begin(kPureMarketMaking) : std::begin(kAvellaneda);
  const auto* end = pmm ? std::end(kPureMarketMaking) : std::end(kAvellaneda);
  std::vector<std::string> names;
  for (const auto* option = begin; option != end; ++option) names.emplace_back(option->key);
  names.emplace_back("strategy");

  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (key == "strategy") continue;
    const auto* option = std::find_if(begin, end, [&](const Option& o) { return key == o.key; });
    if (option == end) {
      KeyList candidates(names.begin(), names.end());
      std::string problem = "not an option of Hummingbot's " + hb_strategy + " that lmsim knows";
      if (const auto closest = closest_key(key, candidates)) {
        problem += " (did you mean '" + std::string(*closest) + "'?)";
      }
      importer.fail(entry.first, key, problem);
    }
    if (option->conversion == Conversion::kComment) {
      if (!Importer::is_null(value)) comments.push_back(key + ": " + comment_value(value));
      continue;
    }
    if (option->conversion == Conversion::kPriceDetail) {
      // Only an external or a custom price source reads these; lmsim refuses such a source at
      // price_source, and with the current market Hummingbot ignores them.
      if (!Importer::is_null(value) && !external_price) unused.push_back(key);
      continue;
    }
    if (Importer::is_null(value)) {
      unused.push_back(key);
      continue;
    }
    switch (option->conversion) {
      case Conversion::kNumber:
        assign(key, importer.number(value, key), value, key);
        break;
      case Conversion::kInteger:
        assign(key, importer.integer(value, key), value, key);
        break;
      case Conversion::kBoolean:
        assign(key, importer.boolean(value, key), value, key);
        break;
      case Conversion::kText:
        assign(key, importer.text(value, key), value, key);
        break;
      case Conversion::kSeconds:
        assign(key, engine::Duration{std::llround(importer.number(value, key) * 1e9)}, value, key);
        break;
      case Conversion::kDays:
        assign(key, engine::Duration{std::llround(importer.number(value, key) * 86400e9)}, value,
               key);
        break;
      case Conversion::kCommaList:
        assign(key, importer.comma_list(value, key), value, key);
        break;
      case Conversion::kOverride:
        if (value.IsMap() && value.size() == 0) {
          unused.push_back(key);
        } else {
          assign(key, importer.override_rows(value, key), value, key);
        }
        break;
      case Conversion::kTimeframe:
      case Conversion::kLevelsMode:
      case Conversion::kHangingMode: {
        // A mode's title, or its model as a mapping whose settings name the mode: {} is the
        // first mode (infinite, single_order_level, ignore_hanging_orders).
        if (value.IsScalar()) {
          assign(key, importer.text(value, key), value, key);
          break;
        }
        if (!value.IsMap()) importer.fail(value, key, "expected a mode or its settings");
        assign(key, nested_mode(importer, option->conversion, key, value), value, key);
        for (const auto& setting : value) {
          const std::string name = setting.first.Scalar();
          const std::string where = key + "." + name;
          if (name == "order_levels") {
            assign(name, importer.integer(setting.second, where), setting.second, where);
          } else if (name == "level_distances" || name == "hanging_orders_cancel_pct") {
            assign(name, importer.number(setting.second, where), setting.second, where);
          } else {
            assign(name, importer.text(setting.second, where), setting.second, where);
          }
        }
        break;
      }
      case Conversion::kAggregation:
        if (importer.text(value, key) != "NO_AGGREGATION") {
          importer.fail(value, key,
                        "lmsim's hanging orders are not aggregated, as Hummingbot's strategy "
                        "always ran them (got " +
                            io::quoted(value.Scalar()) + ")");
        }
        unused.push_back(key);
        break;
      case Conversion::kComment:
      case Conversion::kPriceDetail:
        break;
    }
  }

  // Every value through the strategy's own spec: types, Hummingbot's ranges, the release.
  const auto location_of = [&](const std::string& key) {
    for (const Assignment& assignment : assignments) {
      if (assignment.key == key) return assignment.location;
    }
    return InputLocation{file, 0, 0, key};
  };
  for (const Assignment& assignment : assignments) {
    if (const auto problem = params.set(assignment.key, assignment.value)) {
      InputLocation location = assignment.location;
      if (location.key.empty()) location = InputLocation{"", 0, 0, "--version"};
      throw InputError(location, *problem);
    }
  }
  for (const engine::ParamInfo& info : params.infos()) {
    const bool given = std::any_of(assignments.begin(), assignments.end(),
                                   [&](const Assignment& a) { return a.key == info.key; });
    if (info.required && !given) {
      throw InputError(InputLocation{file, 0, 0, info.key}, "missing required key");
    }
  }
  if (const auto error = params.validate()) {
    throw InputError(location_of(error->key), error->problem);
  }

  std::string out = "# " + std::filesystem::path(file).filename().string() + ": Hummingbot's " +
                    hb_strategy + ", imported by lmsim import-hummingbot\n";
  out += "# hummingbot_version \"" + version + "\" (" + version_note + "; --version sets it)\n";
  for (const std::string& comment : comments) out += "# " + comment + "\n";
  out +=
      "# the venue and pair are the scenario's [market]; Hummingbot reads the balances from "
      "the exchange: give base_balance and quote_balance\n";
  if (!unused.empty()) {
    std::string list;
    for (const std::string& key : unused) list += (list.empty() ? "" : ", ") + key;
    out += "# unset or unused here: " + list + "\n";
  }
  out += "[[miners]]\n";
  const std::string name = options.name.empty() ? valid_name(file) : options.name;
  if (name.find_first_of(" \t\n,\"") != std::string::npos) {
    throw InputError(
        InputLocation{"", 0, 0, "--name"},
        "must be non-empty without spaces, commas or quotes (got " + io::quoted(name) + ")");
  }
  out += "name = \"" + name + "\"\n";
  out += "strategy = \"" + strategy + "\"\n";
  for (const Assignment& assignment : assignments) {
    out += assignment.key + " = " + engine::param_value_text(assignment.value) + "\n";
  }
  return out;
}

std::string import_hummingbot_file(const std::string& path, const HummingbotImportOptions& options,
                                   const Registries& registries) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(InputLocation{path, 0, 0, ""}, "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return import_hummingbot_config(text.str(), path, options, registries);
}

}  // namespace lmsim::sim::io
