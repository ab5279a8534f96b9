#include "sim/io/run_data_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "analysis/scenario_diff.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/replay/sha256.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kSupportedSchema = 1;

/// The /market depth columns, in analysis::kDepthBands order.
constexpr const char* kDepthNames[] = {"0.5pct", "1pct", "2pct"};

template <typename T>
analysis::Matrix<T> matrix(const Hdf5Reader& reader, const std::string& path, std::size_t rows,
                           std::size_t columns) {
  // A run without miners records no per-miner matrices: an empty snapshot × 0 matrix is what
  // they would hold.
  if (!reader.exists(path) && columns == 0) return {rows, 0, {}};
  Hdf5Matrix<T> read = reader.read_matrix<T>(path);
  if (read.rows != rows || read.columns != columns) {
    throw Hdf5Error(reader.file(), path,
                    "expected " + std::to_string(rows) + " x " + std::to_string(columns) +
                        " values, found " + std::to_string(read.rows) + " x " +
                        std::to_string(read.columns));
  }
  return {read.rows, read.columns, std::move(read.values)};
}

template <typename T>
std::vector<T> column(const Hdf5Reader& reader, const std::string& path, std::size_t size) {
  std::vector<T> values = reader.read<T>(path);
  if (values.size() != size) {
    throw Hdf5Error(
        reader.file(), path,
        "expected " + std::to_string(size) + " values, found " + std::to_string(values.size()));
  }
  return values;
}

analysis::MarketSeries read_market(const Hdf5Reader& reader, const std::string& group) {
  analysis::MarketSeries market;
  market.time = reader.read<std::int64_t>(group + "/time");
  const std::size_t n = market.time.size();
  market.mid = column<double>(reader, group + "/mid", n);
  market.best_bid = column<double>(reader, group + "/best_bid", n);
  market.best_ask = column<double>(reader, group + "/best_ask", n);
  for (std::size_t band = 0; band < analysis::kDepthBands.size(); ++band) {
    market.depth_bid[band] = column<double>(reader, group + "/depth_bid_" + kDepthNames[band], n);
    market.depth_ask[band] = column<double>(reader, group + "/depth_ask_" + kDepthNames[band], n);
  }
  market.reference_sizes = reader.attribute<std::vector<double>>(group + "/slippage_buy", "sizes");
  const std::size_t sizes = market.reference_sizes.size();
  market.slippage_buy = matrix<double>(reader, group + "/slippage_buy", n, sizes);
  market.slippage_sell = matrix<double>(reader, group + "/slippage_sell", n, sizes);
  return market;
}

std::string toml_value(const toml::node& node) {
  if (const auto* text = node.as_string())
    return json_string(text->get());  // its escapes are TOML's too
  if (const auto* number = node.as_floating_point()) return format_float(number->get());
  if (const auto* array = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (i > 0) out += ", ";
      out += toml_value(*array->get(i));
    }
    return out + "]";
  }
  if (const auto* table = node.as_table()) {
    // An inline table inside an array of values: its leaves in key order.
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : *table) {
      out += std::string(first ? " " : ", ") + std::string(key.str()) + " = " + toml_value(value);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  std::ostringstream stream;
  node.visit([&stream](const auto& value) { stream << value; });
  return stream.str();
}

void flatten(const toml::table& table, const std::string& prefix,
             std::vector<analysis::ScenarioEntry>& entries) {
  for (const auto& [key, node] : table) {
    const std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      flatten(*sub, path, entries);
    } else if (const auto* array = node.as_array();
               array != nullptr && !array->empty() && array->is_array_of_tables()) {
      for (std::size_t i = 0; i < array->size(); ++i) {
        flatten(*array->get(i)->as_table(), path + "[" + std::to_string(i) + "]", entries);
      }
    } else {
      entries.push_back({path, toml_value(node)});
    }
  }
}

/// Whether a scenario key names data files: its last segment ends in file(s) or path(s).
bool names_files(std::string_view key) {
  const std::size_t dot = key.find_last_of('.');
  const std::string_view last = dot == std::string_view::npos ? key : key.substr(dot + 1);
  for (const std::string_view suffix : {"file", "files", "path", "paths"}) {
    if (last.size() >= suffix.size() && last.substr(last.size() - suffix.size()) == suffix) {
      return true;
    }
  }
  return false;
}

/// The data files a scenario names, with their checksums (see load_run_data).
std::vector<analysis::DataFile> data_files(const toml::table& root,
                                           const std::string& scenario_path) {
  std::vector<std::pair<std::string, std::string>> named;  // key, path
  const std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& table, const std::string& prefix) {
        for (const auto& [key, node] : table) {
          const std::string path =
              prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
          if (const auto* sub = node.as_table()) {
            walk(*sub, path);
          } else if (const auto* array = node.as_array()) {
            for (std::size_t i = 0; i < array->size(); ++i) {
              if (const auto* item = array->get(i)->as_table()) {
                walk(*item, path + "[" + std::to_string(i) + "]");
              } else if (const auto* text = array->get(i)->as_string(); text && names_files(path)) {
                named.emplace_back(path, text->get());
              }
            }
          } else if (const auto* text = node.as_string(); text && names_files(path)) {
            named.emplace_back(path, text->get());
          }
        }
      };
  walk(root, "");
  std::vector<analysis::DataFile> files;
  const fs::path scenario_directory = fs::path(scenario_path).parent_path();
  for (const auto& [key, name] : named) {
    analysis::DataFile file{name, "", ""};
    std::vector<fs::path> candidates;
    if (fs::path(name).is_absolute()) {
      candidates.push_back(name);
    } else {
      candidates.push_back(scenario_directory / name);
      candidates.push_back(name);
    }
    bool found = false;
    for (const fs::path& candidate : candidates) {
      std::error_code error;
      if (!fs::is_regular_file(candidate, error)) continue;
      try {
        file.sha256 = replay::sha256_file_hex(candidate.string());
        found = true;
      } catch (const InputError& failure) {
        file.problem = failure.problem();
      }
      break;
    }
    if (!found && file.problem.empty()) file.problem = "not found from here";
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace

void check_run_directory(const std::string& run_directory) {
  std::error_code error;
  const fs::path directory(run_directory);
  if (!fs::exists(directory, error)) {
    throw InputError({run_directory, 0, 0, ""}, "no such run directory");
  }
  if (!fs::is_directory(directory, error)) {
    throw InputError({run_directory, 0, 0, ""}, "not a directory");
  }
  if (!fs::is_regular_file(directory / kResultsFileName, error)) {
    throw InputError({run_directory, 0, 0, ""},
                     "not an lmsim run directory (no results.h5; 'lmsim run SCENARIO --out DIR' "
                     "makes one)");
  }
}

std::vector<analysis::ScenarioEntry> flatten_scenario(const toml::table& root) {
  std::vector<analysis::ScenarioEntry> entries;
  flatten(root, "", entries);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return analysis::scenario_key_less(a.key, b.key); });
  return entries;
}

analysis::RunData load_run_data(const std::string& run_directory) {
  check_run_directory(run_directory);
  analysis::RunData run = read_results_file((fs::path(run_directory) / kResultsFileName).string(),
                                            ProvenanceChecksums::kCompute);
  run.provenance.run_directory = run_directory;
  return run;
}

analysis::RunData read_results_file(const std::string& path, ProvenanceChecksums checksums) {
  const Hdf5Reader reader(path);
  if (!reader.has_attribute("/", "schema_version")) {
    throw InputError({path, 0, 0, ""},
                     "not an lmsim results file (it has no schema_version attribute)");
  }
  const auto schema = reader.attribute<std::int64_t>("/", "schema_version");
  if (schema != kSupportedSchema) {
    throw InputError({path, 0, 0, ""}, "results schema version " + std::to_string(schema) +
                                           " is not supported (this lmsim reads version " +
                                           std::to_string(kSupportedSchema) + ")");
  }

  analysis::RunData run;
  analysis::RunProvenance& provenance = run.provenance;
  provenance.run_directory = fs::path(path).parent_path().string();
  const bool checksum = checksums == ProvenanceChecksums::kCompute;
  if (checksum) provenance.results_sha256 = replay::sha256_file_hex(path);
  provenance.schema_version = schema;
  provenance.lmsim_version = reader.attribute<std::string>("/", "lmsim_version");
  provenance.scenario_text = reader.attribute<std::string>("/", "scenario");
  provenance.scenario_path = reader.attribute<std::string>("/", "scenario_path");
  provenance.seed = reader.attribute<std::uint64_t>("/", "seed");
  provenance.scoring_rule = reader.attribute<std::string>("/", "scoring_rule");
  provenance.source = reader.attribute<std::string>("/", "source");
  provenance.start = reader.attribute<std::int64_t>("/", "start");
  provenance.end = reader.attribute<std::int64_t>("/", "end");
  provenance.dt = reader.attribute<std::int64_t>("/", "dt");
  provenance.book_events = reader.attribute<std::uint64_t>("/", "book_events");
  provenance.agent_wakes = reader.attribute<std::uint64_t>("/", "agent_wakes");
  provenance.events = reader.attribute<std::uint64_t>("/", "events");
  run.pair = reader.attribute<std::string>("/", "markets");
  run.markout_horizon = reader.attribute<std::int64_t>("/", "markout_horizon");
  if (reader.has_attribute("/", "reward_token_price")) {
    run.reward_token_price = reader.attribute<double>("/", "reward_token_price");
  }

  // The campaign and the starting balances, read from the embedded scenario by the code that
  // ran it, so that every default is the one the run used.
  const std::string scenario_source = path + ": scenario";
  const toml::table root = parse_toml(provenance.scenario_text, scenario_source);
  Scenario scenario;
  try {
    scenario = read_scenario(root, provenance.scenario_path);
  } catch (const InputError& error) {
    throw InputError(
        {path, 0, 0, ""},
        std::string("the scenario it embeds cannot be read by this lmsim: ") + error.what());
  }
  run.campaign = scenario.campaign;
  run.scenario = flatten_scenario(root);
  if (checksum && provenance.source != "synthetic") {
    provenance.data_files = data_files(root, provenance.scenario_path);
  }

  // /miners
  const std::vector<std::string> names = reader.read<std::string>("/miners/name");
  const std::size_t miners = names.size();
  const auto entity = column<std::string>(reader, "/miners/entity", miners);
  const auto strategy = column<std::string>(reader, "/miners/strategy", miners);
  const auto group = column<std::string>(reader, "/miners/group", miners);
  const auto reward = column<std::int64_t>(reader, "/miners/reward_base_units", miners);
  const auto reward_bid = column<std::int64_t>(reader, "/miners/reward_bid", miners);
  const auto reward_ask = column<std::int64_t>(reader, "/miners/reward_ask", miners);
  const auto weight_bid = column<double>(reader, "/miners/weight_bid", miners);
  const auto weight_ask = column<double>(reader, "/miners/weight_ask", miners);
  const auto maker_fills = column<std::int64_t>(reader, "/miners/maker_fills", miners);
  const auto taker_fills = column<std::int64_t>(reader, "/miners/taker_fills", miners);
  const auto final_inventory = column<double>(reader, "/miners/final_inventory", miners);
  const auto final_quote = column<double>(reader, "/miners/final_quote", miners);
  const auto fees = column<double>(reader, "/miners/fees", miners);
  const auto pnl = column<double>(reader, "/miners/pnl", miners);
  const auto start_base = column<double>(reader, "/miners/initial_inventory", miners);
  const auto start_quote = column<double>(reader, "/miners/initial_quote", miners);
  const auto online = column<double>(reader, "/miners/online_fraction", miners);
  const auto quoting = column<double>(reader, "/miners/quoting_fraction", miners);
  for (std::size_t i = 0; i < miners; ++i) {
    analysis::MinerRecord miner;
    miner.name = names[i];
    miner.entity = entity[i];
    miner.strategy = strategy[i];
    miner.group = group[i];
    miner.reward_base_units = reward[i];
    miner.reward_bid = reward_bid[i];
    miner.reward_ask = reward_ask[i];
    miner.weight_bid = weight_bid[i];
    miner.weight_ask = weight_ask[i];
    miner.maker_fills = maker_fills[i];
    miner.taker_fills = taker_fills[i];
    miner.final_inventory = final_inventory[i];
    miner.final_quote = final_quote[i];
    miner.fees = fees[i];
    miner.pnl = pnl[i];
    miner.online_fraction = online[i];
    miner.quoting_fraction = quoting[i];
    miner.start_base = start_base[i];
    miner.start_quote = start_quote[i];
    run.miners.push_back(std::move(miner));
  }

  // /snapshots and /snapshot_miner
  analysis::SnapshotSeries& snapshots = run.snapshots;
  snapshots.time = reader.read<std::int64_t>("/snapshots/time");
  const std::size_t k = snapshots.time.size();
  snapshots.mid = column<double>(reader, "/snapshots/mid", k);
  snapshots.allocated_bid = column<std::int64_t>(reader, "/snapshots/allocated_bid", k);
  snapshots.allocated_ask = column<std::int64_t>(reader, "/snapshots/allocated_ask", k);
  snapshots.rolled_over_bid = column<std::int64_t>(reader, "/snapshots/rolled_over_bid", k);
  snapshots.rolled_over_ask = column<std::int64_t>(reader, "/snapshots/rolled_over_ask", k);
  analysis::SnapshotMinerData& matrices = run.snapshot_miner;
  matrices.reward = matrix<std::int64_t>(reader, "/snapshot_miner/reward", k, miners);
  matrices.weight_bid = matrix<double>(reader, "/snapshot_miner/weight_bid", k, miners);
  matrices.weight_ask = matrix<double>(reader, "/snapshot_miner/weight_ask", k, miners);
  matrices.eligible_amount_bid =
      matrix<double>(reader, "/snapshot_miner/eligible_amount_bid", k, miners);
  matrices.eligible_amount_ask =
      matrix<double>(reader, "/snapshot_miner/eligible_amount_ask", k, miners);
  matrices.best_spread_bid = matrix<double>(reader, "/snapshot_miner/best_spread_bid", k, miners);
  matrices.best_spread_ask = matrix<double>(reader, "/snapshot_miner/best_spread_ask", k, miners);
  matrices.inventory = matrix<double>(reader, "/snapshot_miner/inventory", k, miners);

  // /fills
  analysis::FillSeries& fills = run.fills;
  fills.time = reader.read<std::int64_t>("/fills/time");
  const std::size_t f = fills.time.size();
  fills.miner = column<std::uint32_t>(reader, "/fills/miner", f);
  fills.side = column<std::uint8_t>(reader, "/fills/side", f);
  fills.price = column<double>(reader, "/fills/price", f);
  fills.amount = column<double>(reader, "/fills/amount", f);
  fills.maker = column<std::uint8_t>(reader, "/fills/maker", f);
  for (const std::uint32_t miner : fills.miner) {
    if (miner >= miners) {
      throw Hdf5Error(reader.file(), "/fills/miner",
                      "miner index " + std::to_string(miner) + " is out of range");
    }
  }

  // /market, /baseline/market, /epochs
  run.market = read_market(reader, "/market");
  if (reader.exists("/baseline/market")) run.baseline = read_market(reader, "/baseline/market");
  const auto epoch_market = reader.read<std::uint32_t>("/epochs/market");
  const std::size_t e = epoch_market.size();
  const auto epoch = column<std::int64_t>(reader, "/epochs/epoch", e);
  const auto epoch_start = column<std::int64_t>(reader, "/epochs/start", e);
  const auto budget = column<std::int64_t>(reader, "/epochs/budget", e);
  const auto allocated = column<std::int64_t>(reader, "/epochs/allocated", e);
  const auto unallocated = column<std::int64_t>(reader, "/epochs/unallocated", e);
  for (std::size_t i = 0; i < e; ++i) {
    // /epochs/market indexes the campaign's markets; only the simulated one was scored.
    if (epoch_market[i] != scenario.campaign_market) continue;
    run.epochs.push_back({epoch[i], epoch_start[i], budget[i], allocated[i], unallocated[i]});
  }
  return run;
}

}  // namespace lmsim::sim::io
