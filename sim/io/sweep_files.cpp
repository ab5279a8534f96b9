#include "sim/io/sweep_files.hpp"

#include <cmath>
#include <sstream>

#include "analysis/sample_statistics.hpp"
#include "engine/version.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

/// CSV text of a field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csv_number(double value) {
  return std::isfinite(value) ? format_number(value) : "";
}

/// The summary of one metric over one point's runs (failed runs left out).
analysis::Summary point_summary(const SweepResult& result, std::size_t point, int replicates,
                                std::size_t metric) {
  std::vector<double> values;
  for (int r = 0; r < replicates; ++r) {
    const SweepRun& run =
        result.runs[point * static_cast<std::size_t>(replicates) + static_cast<std::size_t>(r)];
    if (run.ok) values.push_back(run.metrics[metric]);
  }
  return analysis::summarise(values);
}

}  // namespace

std::string sweep_run_text(const SweepRun& run) {
  if (!run.ok) {
    std::string error = run.error;
    for (char& c : error) {
      if (c == '\n') c = ' ';
    }
    return "failed " + error + "\n";
  }
  std::string text = "ok";
  for (const double value : run.metrics) text += " " + format_number(value);
  return text + "\n";
}

std::optional<SweepRun> parse_sweep_run_text(const std::string& text, std::size_t metrics) {
  if (text.empty() || text.back() != '\n') return std::nullopt;
  const std::string line = text.substr(0, text.size() - 1);
  SweepRun run;
  if (line.starts_with("failed ")) {
    run.error = line.substr(7);
    return run;
  }
  std::istringstream words(line);
  std::string word;
  if (!(words >> word) || word != "ok") return std::nullopt;
  while (words >> word) {
    double value = std::nan("");
    if (word != "nan") {
      const auto parsed = parse_number(word);
      if (!parsed) {
        if (word == "inf")
          value = INFINITY;
        else if (word == "-inf")
          value = -INFINITY;
        else
          return std::nullopt;
      } else {
        value = *parsed;
      }
    }
    run.metrics.push_back(value);
  }
  if (run.metrics.size() != metrics) return std::nullopt;
  run.ok = true;
  return run;
}

std::string sweep_csv(const SweepDescription& sweep, const SweepResult& result) {
  std::string out;
  for (const SweepAxis& axis : sweep.axes) out += csv_field(axis.key) + ",";
  for (const std::string& name : result.metric_names) {
    out += name + "_n," + name + "_mean," + name + "_sd," + name + "_ci_low," + name + "_ci_high,";
  }
  out += "failed_runs\n";
  for (std::size_t point = 0; point < sweep.point_values.size(); ++point) {
    for (const std::string& value : sweep.point_values[point]) out += csv_field(value) + ",";
    for (std::size_t metric = 0; metric < result.metric_names.size(); ++metric) {
      const analysis::Summary summary = point_summary(result, point, sweep.replicates, metric);
      out += std::to_string(summary.count) + "," + csv_number(summary.mean) + "," +
             csv_number(summary.standard_deviation) + "," + csv_number(summary.ci_low) + "," +
             csv_number(summary.ci_high) + ",";
    }
    int failed = 0;
    for (int r = 0; r < sweep.replicates; ++r) {
      failed += result.runs[point * static_cast<std::size_t>(sweep.replicates) +
                            static_cast<std::size_t>(r)]
                        .ok
                    ? 0
                    : 1;
    }
    out += std::to_string(failed) + "\n";
  }
  return out;
}

void write_sweep_h5(const std::filesystem::path& path, const SweepDescription& sweep,
                    const SweepResult& result) {
  Hdf5Writer file(path);
  const std::size_t points = sweep.point_values.size();
  const std::size_t replicates = static_cast<std::size_t>(sweep.replicates);
  const std::size_t metrics = result.metric_names.size();

  std::vector<std::string> keys;
  for (const SweepAxis& axis : sweep.axes) keys.push_back(axis.key);
  std::vector<std::string> values;
  for (const auto& point : sweep.point_values)
    values.insert(values.end(), point.begin(), point.end());
  file.write("/grid/keys", keys, "text");
  file.write_matrix("/grid/values", values, points, keys.size(), "TOML text");

  file.write("/metrics/names", result.metric_names, "text");
  file.write("/metrics/units", result.metric_units, "text");

  std::vector<std::int64_t> run_point, run_replicate;
  std::vector<std::uint64_t> run_seed;
  std::vector<std::uint8_t> run_ok;
  std::vector<std::string> run_error;
  std::vector<double> run_metrics;
  for (std::size_t run = 0; run < result.runs.size(); ++run) {
    const SweepRun& outcome = result.runs[run];
    run_point.push_back(static_cast<std::int64_t>(run / replicates));
    run_replicate.push_back(static_cast<std::int64_t>(run % replicates));
    run_seed.push_back(sweep.replicate_seeds[run % replicates]);
    run_ok.push_back(outcome.ok ? 1 : 0);
    run_error.push_back(outcome.error);
    for (std::size_t metric = 0; metric < metrics; ++metric) {
      run_metrics.push_back(outcome.ok ? outcome.metrics[metric] : std::nan(""));
    }
  }
  file.write("/runs/point", run_point, "index into /grid/values");
  file.write("/runs/replicate", run_replicate, "replicate (0-based)");
  file.write("/runs/seed", run_seed, "the run's sim.seed");
  file.write("/runs/ok", run_ok, "1 = the run finished, 0 = it failed (see /runs/error)");
  file.write("/runs/error", run_error, "text");
  file.write_matrix("/runs/metrics", run_metrics, result.runs.size(), metrics, "see /metrics/units",
                    Hdf5Compression{});

  std::vector<double> mean, sd, low, high;
  std::vector<std::int64_t> count;
  for (std::size_t point = 0; point < points; ++point) {
    for (std::size_t metric = 0; metric < metrics; ++metric) {
      const analysis::Summary summary = point_summary(result, point, sweep.replicates, metric);
      count.push_back(static_cast<std::int64_t>(summary.count));
      mean.push_back(summary.mean);
      sd.push_back(summary.standard_deviation);
      low.push_back(summary.ci_low);
      high.push_back(summary.ci_high);
    }
  }
  file.write_matrix("/summary/count", count, points, metrics, "runs defining the metric");
  file.write_matrix("/summary/mean", mean, points, metrics, "see /metrics/units");
  file.write_matrix("/summary/sd", sd, points, metrics, "see /metrics/units");
  file.write_matrix("/summary/ci_low", low, points, metrics, "95% Student-t interval of the mean");
  file.write_matrix("/summary/ci_high", high, points, metrics,
                    "95% Student-t interval of the mean");

  std::string overrides;
  for (const std::string& value : sweep.overrides)
    overrides += (overrides.empty() ? "" : "\n") + value;
  file.set_attribute("/", "lmsim_version", engine::kVersion);
  file.set_attribute("/", "scenario_path", sweep.scenario_path);
  file.set_attribute("/", "scenario", sweep.scenario_text);
  file.set_attribute("/", "overrides", overrides);
  file.set_attribute("/", "replicates", static_cast<std::int64_t>(sweep.replicates));
  file.set_attribute("/", "plan", sweep.plan_text);
  file.close();
}

analysis::SweepData read_sweep_file(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / kSweepFileName).string();
  const Hdf5Reader file(path);
  if (!file.has_attribute("/", "plan")) {
    throw InputError({path, 0, 0, ""}, "not an lmsim sweep file (it has no plan attribute)");
  }
  analysis::SweepData sweep;
  sweep.directory = directory;
  sweep.lmsim_version = file.attribute<std::string>("/", "lmsim_version");
  sweep.scenario_path = file.attribute<std::string>("/", "scenario_path");
  sweep.scenario_text = file.attribute<std::string>("/", "scenario");
  sweep.overrides = file.attribute<std::string>("/", "overrides");
  sweep.replicates = static_cast<int>(file.attribute<std::int64_t>("/", "replicates"));
  sweep.axis_keys = file.read<std::string>("/grid/keys");
  const Hdf5Matrix<std::string> values = file.read_matrix<std::string>("/grid/values");
  for (std::size_t point = 0; point < values.rows; ++point) {
    sweep.point_values.emplace_back(
        values.values.begin() + static_cast<std::ptrdiff_t>(point * values.columns),
        values.values.begin() + static_cast<std::ptrdiff_t>((point + 1) * values.columns));
  }
  sweep.metric_names = file.read<std::string>("/metrics/names");
  sweep.metric_units = file.read<std::string>("/metrics/units");
  Hdf5Matrix<double> metrics = file.read_matrix<double>("/runs/metrics");
  sweep.run_metrics = {metrics.rows, metrics.columns, std::move(metrics.values)};
  sweep.run_ok = file.read<std::uint8_t>("/runs/ok");
  sweep.run_error = file.read<std::string>("/runs/error");
  const std::size_t runs = sweep.point_values.size() * static_cast<std::size_t>(sweep.replicates);
  if (sweep.replicates < 1 || values.columns != sweep.axis_keys.size() ||
      sweep.run_metrics.rows != runs || sweep.run_metrics.columns != sweep.metric_names.size() ||
      sweep.run_ok.size() != runs || sweep.run_error.size() != runs ||
      sweep.metric_units.size() != sweep.metric_names.size()) {
    throw Hdf5Error(path, "/runs", "the grid, the runs and the metrics do not agree in size");
  }
  return sweep;
}

}  // namespace lmsim::sim::io
