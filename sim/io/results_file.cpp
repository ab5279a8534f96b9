#include "sim/io/results_file.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "analysis/report_run.hpp"
#include "analysis/scenario_diff.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/metrics_export.hpp"
#include "sim/io/replay/sha256.hpp"
#include "sim/io/results_schema.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace fs = std::filesystem;

namespace {

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
      entries.push_back({path, toml_value_text(node)});
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

namespace {

/// A chunk cannot be empty: a matrix without rows or columns (a run without miners) is stored as
/// it is, uncompressed.
template <typename T>
Hdf5Compression matrix_compression(const analysis::Matrix<T>& matrix) {
  return matrix.rows == 0 || matrix.columns == 0 ? Hdf5Compression::none() : Hdf5Compression{};
}

/// Compresses the chunks of the datasets Writer writes compressed (visit_market_series: the
/// columns and matrices) into a PrecompressedChunks; writes nothing.
class Precompressor {
 public:
  Precompressor(PrecompressedChunks& chunks, unsigned threads)
      : chunks_(chunks), threads_(threads) {}

  template <typename T>
  void column(std::string_view path, const std::vector<T>& values, std::string_view) {
    chunks_.add(std::string(path), values, Hdf5Compression{}, threads_);
  }
  template <typename T>
  void matrix(std::string_view path, const analysis::Matrix<T>& matrix, std::string_view) {
    chunks_.add_matrix(std::string(path), matrix.values, matrix.rows, matrix.columns,
                       matrix_compression(matrix), threads_);
  }
  void vector_attribute(std::string_view, std::string_view, const std::vector<double>&) {}

 private:
  PrecompressedChunks& chunks_;
  unsigned threads_;
};

/// Follows the 1-D datasets of a growing market series (visit_market_series) with a
/// GrowingColumns; its matrices, a few rows per sample, are left to the writer.
class Follower {
 public:
  explicit Follower(GrowingColumns& columns) : columns_(columns) {}

  template <typename T>
  void column(std::string_view path, const std::vector<T>& values, std::string_view) {
    columns_.follow(std::string(path), values);
  }
  template <typename T>
  void matrix(std::string_view, const analysis::Matrix<T>&, std::string_view) {}
  void vector_attribute(std::string_view, std::string_view, const std::vector<double>&) {}

 private:
  GrowingColumns& columns_;
};

/// Writes every dataset of the schema (visit_results).
class Writer {
 public:
  explicit Writer(Hdf5Writer& file) : file_(file) {}

  template <typename T>
  void column(std::string_view path, const std::vector<T>& values, std::string_view units) {
    file_.write(path, values, units, Hdf5Compression{});
  }
  template <typename T>
  void optional_column(std::string_view path, const std::vector<T>& values,
                       std::string_view units) {
    if (!values.empty()) column(path, values, units);
  }
  template <typename T>
  void matrix(std::string_view path, const analysis::Matrix<T>& matrix, std::string_view units) {
    file_.write_matrix(path, matrix.values, matrix.rows, matrix.columns, units,
                       matrix_compression(matrix));
  }
  template <typename Record, typename Field>
  void records(std::string_view path, const std::vector<Record>& records, Field Record::*field,
               std::string_view units) {
    std::vector<Field> values;
    values.reserve(records.size());
    for (const Record& record : records) values.push_back(record.*field);
    file_.write(path, values, units);
  }
  template <typename Make>
  void derived(std::string_view path, Make make, std::string_view units) {
    const auto values = make();
    file_.write(path, values, units);
  }
  template <typename T>
  void attribute(std::string_view object, std::string_view name, const T& value) {
    file_.set_attribute(object, name, value);
  }
  void vector_attribute(std::string_view object, std::string_view name,
                        const std::vector<double>& values) {
    file_.set_attribute(object, name, std::span<const double>(values));
  }
  void optional_attribute(std::string_view object, std::string_view name,
                          const std::optional<double>& value) {
    if (value) file_.set_attribute(object, name, *value);
  }
  template <typename Make>
  void derived_attribute(std::string_view object, std::string_view name, Make make) {
    attribute(object, name, make());
  }
  void replay_attributes(std::string_view object,
                         const std::optional<analysis::ReplayInfo>& replay) {
    if (!replay) return;
    std::string files;
    for (const std::string& file : replay->files) files += (files.empty() ? "" : "\n") + file;
    file_.set_attribute(object, "replay_format", replay->format);
    file_.set_attribute(object, "replay_files", files);
    file_.set_attribute(object, "queue_model", replay->queue_model);
    file_.set_attribute(object, "replay_bad_rows", replay->problems());
    file_.set_attribute(object, "replay_levels_outside_window", replay->levels_outside_window);
  }
  template <typename T, typename Visit>
  void group(std::string_view path, const std::optional<T>& value, Visit visit) {
    if (!value) return;
    file_.create_group(path);
    visit(*this, *value);
  }

 private:
  Hdf5Writer& file_;
};

/// Reads every dataset of the schema back (visit_results), checking that the columns of one
/// table agree in length.
class Reader {
 public:
  explicit Reader(const Hdf5Reader& file) : file_(file) {}

  template <typename T>
  void column(const std::string& path, std::vector<T>& values, std::string_view) {
    values = file_.read<T>(path);
    check_length(path, values.size());
  }
  template <typename T>
  void optional_column(const std::string& path, std::vector<T>& values, std::string_view units) {
    if (file_.exists(path)) column(path, values, units);
  }
  template <typename T>
  void matrix(const std::string& path, analysis::Matrix<T>& matrix, std::string_view) {
    Hdf5Matrix<T> read = file_.read_matrix<T>(path);
    check_length(path, read.rows);
    matrix = {read.rows, read.columns, std::move(read.values)};
  }
  template <typename Record, typename Field>
  void records(const std::string& path, std::vector<Record>& records, Field Record::*field,
               std::string_view) {
    const std::vector<Field> values = file_.read<Field>(path);
    check_length(path, values.size());
    records.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) records[i].*field = values[i];
  }
  template <typename Make>
  void derived(const std::string&, Make, std::string_view) {}
  template <typename T>
  void attribute(std::string_view object, std::string_view name, T& value) {
    value = file_.attribute<T>(object, name);
  }
  void vector_attribute(std::string_view object, std::string_view name,
                        std::vector<double>& values) {
    values = file_.attribute<std::vector<double>>(object, name);
  }
  void optional_attribute(std::string_view object, std::string_view name,
                          std::optional<double>& value) {
    if (file_.has_attribute(object, name)) value = file_.attribute<double>(object, name);
  }
  template <typename Make>
  void derived_attribute(std::string_view, std::string_view, Make) {}
  void replay_attributes(std::string_view object, std::optional<analysis::ReplayInfo>& replay) {
    if (!file_.has_attribute(object, "replay_format")) return;
    replay.emplace();
    replay->format = file_.attribute<std::string>(object, "replay_format");
    std::istringstream files(file_.attribute<std::string>(object, "replay_files"));
    for (std::string line; std::getline(files, line);) replay->files.push_back(line);
    replay->queue_model = file_.attribute<std::string>(object, "queue_model");
    replay->levels_outside_window =
        file_.attribute<std::int64_t>(object, "replay_levels_outside_window");
  }
  template <typename T, typename Visit>
  void group(const std::string& path, std::optional<T>& value, Visit visit) {
    if (!file_.exists(path)) return;
    value.emplace();
    visit(*this, *value);
  }

 private:
  /// Every dataset of a group holds one entry per row of its table (per sample, per snapshot,
  /// per fill, per miner, per epoch): the first one read sets the length.
  void check_length(const std::string& path, std::size_t size) {
    const std::string table = path.substr(0, path.find_last_of('/'));
    const auto [entry, first] = lengths_.emplace(table, size);
    if (!first && entry->second != size) {
      throw Hdf5Error(
          file_.file(), path,
          "expected " + std::to_string(entry->second) + " values, found " + std::to_string(size));
    }
  }

  const Hdf5Reader& file_;
  std::map<std::string, std::size_t> lengths_;
};

/// No reward lost or invented: every epoch pays out its budget (the campaign's) exactly as
/// allocated + unallocated, and the miners' rewards add up to what was allocated. A file that
/// breaks this was damaged or altered and is refused rather than reported.
void check_conservation(const std::string& file, const analysis::RunData& run) {
  const auto damaged = [&](const std::string& object, const std::string& what) {
    return Hdf5Error(file, object,
                     what +
                         ": no reward may be lost or invented, so the file is damaged or "
                         "altered and cannot be reported");
  };
  const engine::BaseUnits budget = run.campaign.markets[run.campaign_market].budget_per_epoch;
  std::int64_t allocated = 0;
  for (const analysis::EpochRecord& epoch : run.epochs) {
    std::int64_t paid = 0;
    const std::string which = "epoch " + std::to_string(epoch.epoch);
    if (epoch.allocated < 0 || epoch.unallocated < 0 ||
        __builtin_add_overflow(epoch.allocated, epoch.unallocated, &paid) || paid != epoch.budget) {
      throw damaged("/epochs", which + ": allocated " + std::to_string(epoch.allocated) +
                                   " + unallocated " + std::to_string(epoch.unallocated) +
                                   " differs from the budget " + std::to_string(epoch.budget));
    }
    if (epoch.budget != budget) {
      throw damaged("/epochs", which + ": the budget " + std::to_string(epoch.budget) +
                                   " differs from the campaign's " + std::to_string(budget));
    }
    if (__builtin_add_overflow(allocated, epoch.allocated, &allocated)) {
      throw damaged("/epochs", "the allocations overflow");
    }
  }
  std::int64_t rewarded = 0;
  for (const analysis::MinerRecord& miner : run.miners) {
    if (__builtin_add_overflow(rewarded, miner.reward_base_units, &rewarded)) {
      throw damaged("/miners/reward_base_units", "the rewards overflow");
    }
  }
  if (rewarded != allocated) {
    throw damaged("/miners/reward_base_units", "the miners' rewards add up to " +
                                                   std::to_string(rewarded) + ", not to the " +
                                                   std::to_string(allocated) + " allocated");
  }
}

}  // namespace

namespace {

/// A computation on a thread of its own beside the writing; its exception is kept for finish().
struct Beside {
  std::thread thread;
  std::exception_ptr error;

  void start(std::function<void()> work) {
    thread = std::thread([this, work = std::move(work)] {
      try {
        work();
      } catch (...) {
        error = std::current_exception();
      }
    });
  }
  /// Waits for the computation; rethrows its exception.
  void finish() {
    if (thread.joinable()) thread.join();
    if (error) std::rethrow_exception(error);
  }
  /// Waits for the computation, whatever it threw.
  void join() {
    if (thread.joinable()) thread.join();
  }
};

/// Writes the run's data, then the metrics `metrics()` returns once the data is written (none
/// when it returns null), then the facts `realism()` returns once those are written (when given).
void write_results_file(const std::filesystem::path& path, const analysis::RunData& run,
                        const std::function<const analysis::RunMetrics*()>& metrics,
                        const PrecompressedChunks* precompressed,
                        const std::function<const analysis::MarketRealism*()>& realism = {}) {
  Hdf5Writer file(path);
  file.use_precompressed(precompressed);
  const ResultUnits units = result_units(run);
  Writer writer(file);
  visit_results(writer, run, units);
  if (const analysis::RunMetrics* written = metrics()) {
    write_metrics(file, *written, {units.token, units.base, units.quote});
    if (realism) {
      if (const analysis::MarketRealism* facts = realism()) write_metrics_facts(file, *facts);
    }
  }
  file.close();
}

}  // namespace

void write_results(const std::filesystem::path& path, const analysis::RunData& run,
                   const analysis::RunMetrics* metrics) {
  write_results_file(
      path, run, [&] { return metrics; }, nullptr);
}

PrecompressedChunks precompress_baseline_market(const analysis::MarketSeries& baseline,
                                                unsigned threads) {
  PrecompressedChunks chunks;
  Precompressor visitor(chunks, threads);
  // Units are attributes, not chunk contents: the pair's assets do not matter here.
  visit_market_series(visitor, kBaselineMarketGroup, baseline, ResultUnits{});
  return chunks;
}

void follow_run_market(GrowingColumns& columns, const analysis::MarketSeries& market) {
  Follower visitor(columns);
  visit_market_series(visitor, kRunMarketGroup, market, ResultUnits{});
}

analysis::RunMetrics write_results_computing_metrics(
    const std::filesystem::path& path, const analysis::RunData& run,
    const std::function<analysis::RunMetrics()>& compute_metrics,
    const PrecompressedChunks* precompressed,
    const std::function<analysis::MarketRealism()>& compute_realism) {
  analysis::RunMetrics metrics;
  std::optional<analysis::MarketRealism> realism;
  Beside facts;
  Beside rest;
  if (compute_realism) facts.start([&] { realism = compute_realism(); });
  rest.start([&] { metrics = compute_metrics(); });
  try {
    write_results_file(
        path, run,
        [&] {
          rest.finish();
          return &metrics;
        },
        precompressed,
        [&]() -> const analysis::MarketRealism* {
          facts.finish();
          return realism ? &*realism : nullptr;
        });
  } catch (...) {
    rest.join();
    facts.join();
    throw;
  }
  if (realism) metrics.realism = std::move(realism);
  return metrics;
}

analysis::RunData read_results_file(const std::string& path, ProvenanceChecksums checksums) {
  const Hdf5Reader reader(path);
  if (!reader.has_attribute("/", "schema_version")) {
    throw InputError({path, 0, 0, ""},
                     "not an lmsim results file (it has no schema_version attribute)");
  }
  const auto schema = reader.attribute<std::int64_t>("/", "schema_version");
  if (schema != kResultsSchemaVersion) {
    throw InputError({path, 0, 0, ""}, "results schema version " + std::to_string(schema) +
                                           " is not supported (this lmsim reads version " +
                                           std::to_string(kResultsSchemaVersion) + ")");
  }

  analysis::RunData run;
  // The campaign and the starting balances come from the embedded scenario, read by the code
  // that ran it, so that every default is the one the run used; the units need the campaign.
  const std::string scenario_text = reader.attribute<std::string>("/", "scenario");
  const std::string scenario_path = reader.attribute<std::string>("/", "scenario_path");
  const toml::table root = parse_toml(scenario_text, path + ": scenario");
  Scenario scenario;
  try {
    scenario = read_scenario(root, scenario_path);
  } catch (const InputError& error) {
    throw InputError(
        {path, 0, 0, ""},
        std::string("the scenario it embeds cannot be read by this lmsim: ") + error.what());
  }
  run.campaign = scenario.campaign;
  run.campaign_market = static_cast<std::uint32_t>(scenario.campaign_market);
  run.pair = scenario.market.spec.pair;
  run.honest = scenario.analysis.honest;
  // The further rules' groups are named by the scenario's also_score entries.
  for (const AlsoScoredRule& extra : scenario.also_score) {
    analysis::RuleResults rule;
    rule.name = extra.name;
    rule.rule = std::string(extra.rule->name());
    rule.config = extra.rule;
    run.rules.push_back(std::move(rule));
  }
  Reader visitor(reader);
  visit_results(visitor, run, result_units(run));
  run.campaign = scenario.campaign;

  // Lengths across tables: the per-miner matrices span the snapshots and the miners, and every
  // fill names a miner of the file.
  const std::size_t snapshots = run.snapshots.size();
  const std::size_t miners = run.miners.size();
  const analysis::SnapshotMinerData& m = run.snapshot_miner;
  for (const auto* matrix :
       {&m.weight_bid, &m.weight_ask, &m.eligible_amount_bid, &m.eligible_amount_ask,
        &m.best_spread_bid, &m.best_spread_ask, &m.inventory, &m.size_at_touch_bid,
        &m.size_at_touch_ask, &m.reference_fill_bid, &m.reference_fill_ask}) {
    if (matrix->rows != snapshots || matrix->columns != miners) {
      throw Hdf5Error(reader.file(), "/snapshot_miner",
                      "expected " + std::to_string(snapshots) + " x " + std::to_string(miners) +
                          " values, found " + std::to_string(matrix->rows) + " x " +
                          std::to_string(matrix->columns));
    }
  }
  if (m.reward.rows != snapshots || m.reward.columns != miners) {
    throw Hdf5Error(reader.file(), "/snapshot_miner/reward",
                    "expected " + std::to_string(snapshots) + " x " + std::to_string(miners) +
                        " values, found " + std::to_string(m.reward.rows) + " x " +
                        std::to_string(m.reward.columns));
  }
  for (const std::uint32_t miner : run.fills.miner) {
    if (miner >= miners) {
      throw Hdf5Error(reader.file(), "/fills/miner",
                      "miner index " + std::to_string(miner) + " is out of range");
    }
  }
  for (const std::int64_t other : run.fills.counterparty) {
    if (other < -1 || other >= static_cast<std::int64_t>(miners)) {
      throw Hdf5Error(reader.file(), "/fills/counterparty",
                      "miner index " + std::to_string(other) + " is out of range");
    }
  }
  for (const analysis::RuleResults& rule : run.rules) {
    if (rule.miners.size() != miners || rule.epochs.size() != run.epochs.size()) {
      throw Hdf5Error(reader.file(), "/rules/" + rule.name,
                      "expected " + std::to_string(miners) + " miners and " +
                          std::to_string(run.epochs.size()) + " epochs, found " +
                          std::to_string(rule.miners.size()) + " and " +
                          std::to_string(rule.epochs.size()));
    }
  }
  check_conservation(reader.file(), run);

  analysis::RunProvenance& provenance = run.provenance;
  provenance.run_directory = fs::path(path).parent_path().string();
  run.scenario = flatten_scenario(root);
  if (checksums == ProvenanceChecksums::kCompute) {
    provenance.results_sha256 = replay::sha256_file_hex(path);
    if (provenance.source != "synthetic") {
      provenance.data_files = data_files(root, provenance.scenario_path);
    }
  }
  return run;
}

analysis::RunData load_run_data(const std::string& run_directory) {
  check_run_directory(run_directory);
  analysis::RunData run = read_results_file((fs::path(run_directory) / kResultsFileName).string(),
                                            ProvenanceChecksums::kCompute);
  run.provenance.run_directory = run_directory;
  return run;
}

ResultUnits result_units(const analysis::RunData& run) {
  const analysis::PairAssets assets = analysis::pair_assets(run.pair);
  const engine::Campaign& campaign = run.campaign;
  return {campaign.reward_token,
          "base units of " + campaign.reward_token + " (10^-" +
              std::to_string(campaign.reward_decimals) + " " + campaign.reward_token + ")",
          assets.base, assets.quote};
}

std::string depth_band_name(double band) {
  return format_number(band * 100.0) + "pct";
}

}  // namespace lmsim::sim::io
