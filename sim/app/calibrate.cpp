#include "sim/app/calibrate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <nlopt.hpp>
#include <sstream>

#include "analysis/report_format.hpp"
#include "engine/number_text.hpp"
#include "engine/time_text.hpp"
#include "sim/app/market_measurement.hpp"
#include "sim/app/sweep.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/text_table.hpp"
#include "sim/io/toml_edit.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::app {

namespace {

using io::InputError;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
/// The z-score charged for a moment the candidate's market leaves undefined (NaN) where the
/// target has it: as bad as ten standard errors off.
constexpr double kUndefinedPenalty = 10.0;
/// s_k is at least this share of |t_k|: a target measured without spread (a median spread of
/// exactly 12 ticks in every resample) must not weigh infinitely.
constexpr double kRelativeFloor = 0.05;

/// How a parameter is held in the scenario file.
enum class ParamKind { kNumber, kInteger, kDuration };

struct Parameter {
  std::string key;
  ParamKind kind = ParamKind::kNumber;
  double start = 0.0;  ///< seconds for a duration
  double low = 0.0;
  double high = 0.0;
  bool log = false;  ///< searched in its logarithm (bounds > 0)

  double value(double unit) const {
    const double clamped = std::clamp(unit, 0.0, 1.0);
    double v = log ? std::exp(std::log(low) + clamped * (std::log(high) - std::log(low)))
                   : low + clamped * (high - low);
    return rounded(std::clamp(v, low, high));
  }
  /// What is run and written: integers whole, durations in whole milliseconds, other numbers to
  /// 6 significant digits — the value in the file is exactly the one evaluated.
  double rounded(double v) const {
    if (kind == ParamKind::kInteger) return std::round(v);
    if (kind == ParamKind::kDuration) return std::max(0.001, std::round(v * 1000.0) / 1000.0);
    if (v == 0.0 || !std::isfinite(v)) return v;
    const double magnitude = std::pow(10.0, 5.0 - std::floor(std::log10(std::abs(v))));
    return std::round(v * magnitude) / magnitude;
  }
  double unit(double v) const {
    const double clamped = std::clamp(v, low, high);
    if (high == low) return 0.5;
    return log ? (std::log(clamped) - std::log(low)) / (std::log(high) - std::log(low))
               : (clamped - low) / (high - low);
  }
  /// The value as TOML text.
  std::string text(double v) const {
    switch (kind) {
      case ParamKind::kInteger:
        return std::to_string(static_cast<std::int64_t>(std::llround(v)));
      case ParamKind::kDuration: {
        const auto nanos = static_cast<engine::Nanos>(std::llround(v * 1e9));
        return "\"" + engine::format_duration(std::max<engine::Nanos>(1, nanos)) + "\"";
      }
      case ParamKind::kNumber:
        break;
    }
    return engine::format_float(v);
  }
};

bool is_share_key(const std::string& key) {
  for (const std::string_view suffix : {"fraction", "share", "aggressive", "alpha"}) {
    if (key.ends_with(suffix)) return true;
  }
  return false;
}

/// The parameters of a request, checked against the scenario document.
std::vector<Parameter> resolve_params(const CalibrationRequest& request,
                                      const toml::table& document) {
  if (request.params.empty()) {
    throw InputError({"--params", 0, 0, ""}, "name at least one scenario key to calibrate");
  }
  std::vector<Parameter> params;
  for (const CalibrationParam& given : request.params) {
    const auto fail = [&](const std::string& problem) {
      return InputError({request.scenario_path, 0, 0, given.key}, problem);
    };
    for (const Parameter& other : params) {
      if (other.key == given.key) throw fail("is named twice in --params");
    }
    const toml::node* node = io::find_key(document, given.key);
    if (node == nullptr) {
      throw fail(
          "is not in the scenario (write the key with its starting value, then calibrate it)");
    }
    // From here the key is in the file: its errors point at its value.
    const auto fail_here = [&](const std::string& problem) {
      const toml::source_position where = node->source().begin;
      return InputError({request.scenario_path, static_cast<std::int64_t>(where.line),
                         static_cast<std::int64_t>(where.column), given.key},
                        problem);
    };
    Parameter param;
    param.key = given.key;
    if (const auto integer = node->value_exact<std::int64_t>()) {
      param.kind = ParamKind::kInteger;
      param.start = static_cast<double>(*integer);
    } else if (const auto number = node->value_exact<double>()) {
      param.start = *number;
    } else if (const auto text = node->value_exact<std::string>()) {
      const auto duration = io::parse_duration(*text);
      if (!duration) {
        throw fail_here("is not a number or a duration in the scenario (got " + io::quoted(*text) +
                        ")");
      }
      param.kind = ParamKind::kDuration;
      param.start = static_cast<double>(*duration) / 1e9;
    } else {
      throw fail_here("is not a number in the scenario (got " + io::toml_value_text(*node) + ")");
    }
    const auto bounds = given.bounds_given ? std::make_pair(given.low, given.high)
                                           : default_bounds(given.key, param.start,
                                                            param.kind != ParamKind::kNumber);
    param.low = bounds.first;
    param.high = bounds.second;
    if (param.kind == ParamKind::kDuration && !(param.low > 0.0)) {
      throw fail("a duration's bounds must be > 0 seconds (got " +
                 engine::format_number(param.low) + ":" + engine::format_number(param.high) + ")");
    }
    param.log = param.low > 0.0;
    params.push_back(param);
  }
  return params;
}

/// The moments of a measured market, in `names` order (NaN where undefined).
std::vector<analysis::Estimate> pick_moments(const analysis::MarketRealism& realism,
                                             const std::vector<std::string>& names) {
  const std::vector<analysis::NamedFact> facts = analysis::realism_facts(realism);
  std::vector<analysis::Estimate> picked;
  for (const std::string& name : names) {
    const auto found = std::find_if(facts.begin(), facts.end(),
                                    [&](const analysis::NamedFact& f) { return f.name == name; });
    const double nan = std::numeric_limits<double>::quiet_NaN();
    picked.push_back(found == facts.end() ? analysis::Estimate{nan, nan, nan, nan}
                                          : found->estimate);
  }
  return picked;
}

/// The measured target: a market file or a replay scenario.
MeasuredMarket measure_target(const std::string& target, const MeasureOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(target, error)) {
    throw InputError({target, 0, 0, ""},
                     std::filesystem::exists(target, error)
                         ? "not a recorded market (a market file or a replay scenario)"
                         : "no such file");
  }
  if (is_scenario_path(target)) {
    const Scenario scenario = io::load_scenario(target);
    if (!scenario.market.replay) {
      throw InputError({target, 0, 0, "market.source"},
                       "not a recorded market: the target must replay one (source = \"replay\"), "
                       "or be a market file");
    }
    return measure_scenario_market(scenario, options);
  }
  MeasuredMarket measured = measure_scenario_market(market_file_scenario(target), options);
  measured.input = target;
  measured.kind = "market file";
  return measured;
}

nlopt::algorithm algorithm_of(const std::string& name) {
  if (name == "neldermead") return nlopt::LN_NELDERMEAD;
  if (name == "sbplx") return nlopt::LN_SBPLX;
  if (name == "bobyqa") return nlopt::LN_BOBYQA;
  if (name == "crs") return nlopt::GN_CRS2_LM;
  std::string list;
  for (const std::string& known : calibration_algorithms())
    list += (list.empty() ? "" : ", ") + known;
  throw InputError({"--algorithm", 0, 0, ""},
                   "unknown optimiser " + io::quoted(name) + " (expected one of " + list + ")");
}

std::string stop_text(nlopt::result result) {
  switch (result) {
    case nlopt::SUCCESS:
      return "converged";
    case nlopt::STOPVAL_REACHED:
      return "reached the stop value";
    case nlopt::FTOL_REACHED:
      return "the fit changed less than the tolerance";
    case nlopt::XTOL_REACHED:
      return "the parameters changed less than the tolerance";
    case nlopt::MAXEVAL_REACHED:
      return "reached the evaluation budget";
    case nlopt::MAXTIME_REACHED:
      return "reached the time limit";
    default:
      return "stopped";
  }
}

/// The search: evaluates candidates (their replicates on the request's threads), keeps every
/// evaluation and the best.
class Search {
 public:
  Search(const CalibrationRequest& request, toml::table document, std::vector<Parameter> params,
         std::vector<std::string> moments, std::vector<double> target, std::vector<double> scale,
         std::uint64_t base_seed)
      : request_(request),
        document_(std::move(document)),
        params_(std::move(params)),
        moments_(std::move(moments)),
        target_(std::move(target)),
        scale_(std::move(scale)),
        base_seed_(base_seed),
        started_(std::chrono::steady_clock::now()) {}

  /// The seed of replicate r: the same for every candidate (common random numbers).
  std::uint64_t seed(int replicate) const {
    return derive_seed(base_seed_, "calibration/" + std::to_string(replicate)) >> 1;
  }

  /// The overrides that make the scenario of `values`, replicate `replicate`.
  std::vector<std::string> overrides(const std::vector<double>& values, int replicate) const {
    std::vector<std::string> result = request_.overrides;
    for (std::size_t i = 0; i < params_.size(); ++i) {
      result.push_back(params_[i].key + "=" + params_[i].text(values[i]));
    }
    result.push_back("sim.seed=" + std::to_string(seed(replicate)));
    return result;
  }

  /// The scenario of `values` at replicate `replicate`.
  Scenario scenario(const std::vector<double>& values, int replicate) const {
    return io::scenario_from_document(document_, request_.scenario_path,
                                      overrides(values, replicate));
  }

  /// J of a candidate (its replicates run on the request's threads), recorded.
  double evaluate(const std::vector<double>& values) {
    const auto replicates = static_cast<std::size_t>(request_.replicates);
    std::vector<std::vector<double>> moments(replicates);
    std::vector<std::string> problems(replicates);
    parallel_for(replicates, request_.jobs, [&](std::size_t r) {
      try {
        MeasureOptions options;
        options.bootstrap.resamples = 0;  // the fit needs values, not intervals
        const MeasuredMarket market =
            measure_scenario_market(scenario(values, static_cast<int>(r)), options);
        for (const analysis::Estimate& estimate : pick_moments(market.realism, moments_)) {
          moments[r].push_back(estimate.value);
        }
      } catch (const InputError& error) {
        problems[r] = error.what();
      }
    });
    CalibrationCandidate candidate{values, kInfinity, ""};
    for (const std::string& problem : problems) {
      if (!problem.empty()) candidate.problem = problem;
    }
    if (candidate.problem.empty()) candidate.fit = fit(moments);
    const std::lock_guard<std::mutex> lock(mutex_);
    evaluated_.push_back(candidate);
    if (candidate.fit < best_fit_) {
      best_fit_ = candidate.fit;
      best_ = values;
    }
    if (request_.progress) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      request_.progress({evaluated_.size(), static_cast<std::size_t>(request_.max_evaluations),
                         best_fit_, elapsed});
    }
    return candidate.fit;
  }

  /// J from the replicates' moments: the mean over moments of the squared standardised
  /// difference between the replicates' mean and the target.
  double fit(const std::vector<std::vector<double>>& moments) const {
    long double total = 0.0L;
    for (std::size_t k = 0; k < moments_.size(); ++k) {
      long double sum = 0.0L;
      std::size_t count = 0;
      for (const auto& replicate : moments) {
        if (std::isnan(replicate[k])) continue;
        sum += replicate[k];
        ++count;
      }
      const double z =
          count == 0 ? kUndefinedPenalty
                     : (static_cast<double>(sum / static_cast<long double>(count)) - target_[k]) /
                           scale_[k];
      total += static_cast<long double>(std::min(z * z, kUndefinedPenalty * kUndefinedPenalty * 4));
    }
    return static_cast<double>(total / static_cast<long double>(moments_.size()));
  }

  const std::vector<Parameter>& params() const { return params_; }
  const std::vector<CalibrationCandidate>& evaluated() const { return evaluated_; }
  const std::vector<double>& best() const { return best_; }
  double best_fit() const { return best_fit_; }

 private:
  const CalibrationRequest& request_;
  toml::table document_;
  std::vector<Parameter> params_;
  std::vector<std::string> moments_;
  std::vector<double> target_;
  std::vector<double> scale_;
  std::uint64_t base_seed_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  std::vector<CalibrationCandidate> evaluated_;
  std::vector<double> best_;
  double best_fit_ = kInfinity;
};

std::string estimate_text(const analysis::Estimate& estimate) {
  std::string text = analysis::format_significant(estimate.value, 4);
  if (!std::isnan(estimate.ci_low)) {
    text += " [" + analysis::format_significant(estimate.ci_low, 4) + ", " +
            analysis::format_significant(estimate.ci_high, 4) + "]";
  }
  return text;
}

/// The header of the calibrated scenario: the command, the fit, the parameters and the moments
/// table — every line a comment.
std::string header(const CalibrationRequest& request, const CalibrationOutcome& outcome,
                   const std::vector<Parameter>& params, const MeasuredMarket& target) {
  std::ostringstream out;
  out << "# Calibrated by the simulated method of moments (docs/calibration.md) with:\n#\n#   "
      << request.command_line << "\n#\n"
      << "# target: " << request.target << " (" << target.kind << ", "
      << engine::format_timestamp(target.realism.start) << " to "
      << engine::format_timestamp(target.realism.end) << ")\n"
      << "# optimiser: " << request.algorithm << ", " << outcome.evaluated.size()
      << " candidates of " << request.replicates << " replicates (common random numbers); "
      << outcome.stop_reason << "\n"
      << "# fit J (mean squared standardised moment error): "
      << analysis::format_significant(outcome.start_fit, 4) << " at the start, "
      << analysis::format_significant(outcome.best_fit, 4) << " calibrated\n#\n";
  io::TextTable table;
  table.add_column("parameter", io::TextTable::Align::kLeft);
  table.add_column("start", io::TextTable::Align::kRight);
  table.add_column("calibrated", io::TextTable::Align::kRight);
  table.add_column("bounds", io::TextTable::Align::kLeft);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Parameter& p = params[i];
    table.add_row({p.key, p.text(outcome.start[i]), p.text(outcome.best[i]),
                   "[" + p.text(p.low) + ", " + p.text(p.high) + "]" + (p.log ? " log" : "")});
  }
  io::TextTable moments;
  moments.add_column("moment", io::TextTable::Align::kLeft);
  moments.add_column("target [95% CI]", io::TextTable::Align::kLeft);
  moments.add_column("calibrated [95% CI]", io::TextTable::Align::kLeft);
  moments.add_column("replicate mean", io::TextTable::Align::kRight);
  moments.add_column("z", io::TextTable::Align::kRight);
  for (const CalibratedMoment& m : outcome.moments) {
    moments.add_row(
        {m.name, estimate_text(m.target), estimate_text(m.achieved),
         analysis::format_significant(m.achieved_mean, 4),
         analysis::format_significant((m.achieved_mean - m.target.value) / m.scale, 3)});
  }
  const auto commented = [](const std::string& text) {
    std::string result;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      result += "# " + line + "\n";
    }
    return result;
  };
  out << commented(table.str()) << "#\n"
      << "# Moments: the target's and the calibrated market's (run at this file's seed), each "
         "with\n"
      << "# its moving-block bootstrap 95% interval; the replicates' mean is what the fit used;\n"
      << "# z = (replicate mean - target) / s, s the target's standard error (floored at 5% of\n"
      << "# |target|).\n#\n"
      << commented(moments.str()) << "\n";
  return out.str();
}

}  // namespace

CalibrationParam parse_calibration_param(const std::string& item) {
  const auto bad = [&](const std::string& problem) {
    return InputError({"--params " + item, 0, 0, ""}, problem);
  };
  CalibrationParam param;
  const std::size_t equals = item.find('=');
  param.key = io::trim(item.substr(0, equals));
  if (param.key.empty()) throw bad("expected KEY or KEY=LO:HI");
  if (equals == std::string::npos) return param;
  const std::string range = item.substr(equals + 1);
  const std::size_t colon = range.find(':');
  if (colon == std::string::npos) throw bad("expected KEY=LO:HI");
  const auto low = io::parse_number(io::trim(range.substr(0, colon)));
  const auto high = io::parse_number(io::trim(range.substr(colon + 1)));
  if (!low || !high || !std::isfinite(*low) || !std::isfinite(*high)) {
    throw bad("LO and HI must be finite numbers (durations in seconds)");
  }
  if (!(*low < *high)) throw bad("LO must be below HI");
  param.low = *low;
  param.high = *high;
  param.bounds_given = true;
  return param;
}

std::pair<double, double> default_bounds(const std::string& key, double value, bool integer) {
  if (value == 0.0) return {0.0, 1.0};
  double low = std::abs(value) / 4.0;
  double high = std::abs(value) * 4.0;
  if (value < 0.0) std::swap(low, high), low = -low, high = -high;
  if (is_share_key(key)) high = std::min(high, 1.0);
  if (integer) low = std::max(low, 1.0);
  if (high <= low) high = low + 1.0;
  return {low, high};
}

std::vector<std::string> default_calibration_moments() {
  return {"returns.1s.sd",
          "returns.1s.zero_share",
          "returns.1s.acf.1",
          "returns.1s.abs_acf.1",
          "returns.1s.excess_kurtosis",
          "returns.1m.sd",
          "returns.1m.excess_kurtosis",
          "returns.1m.acf.1",
          "returns.1m.abs_acf.1",
          "returns.5m.sd",
          "spread.ticks.mean",
          "spread.ticks.median",
          "spread.bps.mean",
          "trades.rate_per_minute",
          "trades.size.mean",
          "trades.size.median",
          "trades.buy_share",
          "imbalance.1s.next_return_correlation"};
}

std::vector<std::string> calibration_algorithms() {
  return {"neldermead", "sbplx", "bobyqa", "crs"};
}

CalibrationOutcome calibrate(const CalibrationRequest& request) {
  const nlopt::algorithm algorithm = algorithm_of(request.algorithm);
  if (request.replicates < 1 || request.replicates > 1000) {
    throw InputError({"--replicates", 0, 0, ""},
                     "must be in [1, 1000] (got " + std::to_string(request.replicates) + ")");
  }
  // The output is refused before any work when it exists.
  io::ResultFile file(request.out, request.overwrite);

  const std::string text = [&] {
    std::ifstream in(request.scenario_path, std::ios::binary);
    if (!in) throw InputError({request.scenario_path, 0, 0, ""}, "cannot read the file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }();
  toml::table document = io::parse_toml(text, request.scenario_path);
  const Scenario scenario =
      io::scenario_from_document(document, request.scenario_path, request.overrides);
  if (scenario.market.replay || scenario.background.total() == 0) {
    throw InputError({request.scenario_path, 0, 0, "market"},
                     scenario.market.replay
                         ? "has no synthetic market to calibrate (it replays a recorded one)"
                         : "has no synthetic market to calibrate (its [background] population is "
                           "empty)");
  }
  std::vector<Parameter> params = resolve_params(request, document);
  std::vector<std::string> moments =
      request.moments.empty() ? default_calibration_moments() : request.moments;
  {
    // Every name a market measured at the fact horizons has.
    analysis::MarketRealism empty;
    for (const engine::Nanos horizon : analysis::kFactHorizons) {
      analysis::ReturnFacts returns{};
      returns.horizon = horizon;
      empty.facts.returns.push_back(returns);
    }
    const std::vector<analysis::NamedFact> known = analysis::realism_facts(empty);
    for (const std::string& name : moments) {
      if (std::none_of(known.begin(), known.end(),
                       [&](const analysis::NamedFact& f) { return f.name == name; })) {
        throw InputError({"--moments", 0, 0, ""},
                         "unknown moment " + io::quoted(name) +
                             " (the names of 'lmsim facts --all', e.g. returns.1m.sd)");
      }
    }
  }

  // The target, measured once with its bootstrap errors.
  MeasureOptions target_options;
  const MeasuredMarket target = measure_target(request.target, target_options);
  std::vector<double> target_values;
  std::vector<double> scale;
  std::vector<analysis::Estimate> target_estimates = pick_moments(target.realism, moments);
  for (std::size_t k = 0; k < moments.size(); ++k) {
    const analysis::Estimate& estimate = target_estimates[k];
    if (std::isnan(estimate.value)) {
      throw InputError({request.target, 0, 0, ""},
                       "the target leaves the moment " + io::quoted(moments[k]) +
                           " undefined (too short a recording?); leave it out with --moments");
    }
    target_values.push_back(estimate.value);
    double s = std::isnan(estimate.standard_error) ? 0.0 : estimate.standard_error;
    s = std::max({s, kRelativeFloor * std::abs(estimate.value), 1e-12});
    scale.push_back(s);
  }

  Search search(request, document, params, moments, target_values, scale, scenario.sim.seed);
  CalibrationOutcome outcome;
  for (const Parameter& p : params) {
    outcome.keys.push_back(p.key);
    outcome.start.push_back(p.start);
    outcome.bounds.emplace_back(p.low, p.high);
  }
  const auto n = static_cast<unsigned>(params.size());
  nlopt::opt optimiser(algorithm, n);
  optimiser.set_lower_bounds(std::vector<double>(n, 0.0));
  optimiser.set_upper_bounds(std::vector<double>(n, 1.0));
  optimiser.set_maxeval(request.max_evaluations);
  if (request.max_seconds > 0.0) optimiser.set_maxtime(request.max_seconds);
  optimiser.set_ftol_rel(request.tolerance);
  optimiser.set_xtol_rel(1e-4);
  optimiser.set_initial_step(std::vector<double>(n, 0.15));
  if (algorithm == nlopt::GN_CRS2_LM) optimiser.set_population(std::max(10u * (n + 1), 20u));
  struct Context {
    Search* search;
    const std::vector<Parameter>* params;
  } context{&search, &search.params()};
  optimiser.set_min_objective(
      [](const std::vector<double>& x, std::vector<double>&, void* data) -> double {
        auto* c = static_cast<Context*>(data);
        std::vector<double> values;
        for (std::size_t i = 0; i < x.size(); ++i) values.push_back((*c->params)[i].value(x[i]));
        const double fit = c->search->evaluate(values);
        // NLopt needs a finite value; a failed run is as bad as can be.
        return std::isfinite(fit) ? fit : 1e30;
      },
      &context);
  std::vector<double> x;
  for (const Parameter& p : params) x.push_back(p.unit(p.start));
  double minimum = 0.0;
  nlopt::result result = nlopt::FAILURE;
  try {
    result = optimiser.optimize(x, minimum);
  } catch (const nlopt::roundoff_limited&) {
    result = nlopt::XTOL_REACHED;  // the best point found stands
  } catch (const nlopt::forced_stop&) {
    result = nlopt::FORCED_STOP;
  }
  if (search.evaluated().empty() || search.best().empty()) {
    throw InputError({request.scenario_path, 0, 0, ""},
                     "no candidate could be run: " + (search.evaluated().empty()
                                                          ? std::string("none evaluated")
                                                          : search.evaluated().front().problem));
  }
  outcome.stop_reason = stop_text(result);
  // Nelder–Mead, Subplex and BOBYQA start at the scenario's values; a global search need not.
  outcome.start_fit = search.evaluated().front().values == outcome.start
                          ? search.evaluated().front().fit
                          : search.evaluate(outcome.start);
  outcome.evaluated = search.evaluated();
  outcome.best = search.best();
  outcome.best_fit = search.best_fit();

  // The calibrated market once more, replicate by replicate with intervals: the table's
  // "calibrated" column is replicate 0 — the run at the written file's seed.
  const auto replicates = static_cast<std::size_t>(request.replicates);
  std::vector<std::vector<analysis::Estimate>> achieved(replicates);
  parallel_for(replicates, request.jobs, [&](std::size_t r) {
    MeasureOptions options;
    achieved[r] = pick_moments(
        measure_scenario_market(search.scenario(outcome.best, static_cast<int>(r)), options)
            .realism,
        moments);
  });
  for (std::size_t k = 0; k < moments.size(); ++k) {
    long double sum = 0.0L;
    std::size_t count = 0;
    for (const auto& replicate : achieved) {
      if (std::isnan(replicate[k].value)) continue;
      sum += replicate[k].value;
      ++count;
    }
    outcome.moments.push_back({moments[k], target_estimates[k], achieved[0][k],
                               count == 0
                                   ? std::numeric_limits<double>::quiet_NaN()
                                   : static_cast<double>(sum / static_cast<long double>(count)),
                               scale[k]});
  }

  // The input with the calibrated values (and replicate 0's seed, so that the file runs the
  // market of the table's "calibrated" column), headed by the command and the table.
  std::vector<std::pair<std::string, std::string>> values;
  for (const std::string& assignment : request.overrides) {
    // --set values the calibration ran with belong to the calibrated scenario too.
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = assignment.substr(0, equals);
    std::string value = assignment.substr(equals + 1);
    try {
      (void)toml::parse("value = " + value);
    } catch (const toml::parse_error&) {
      value = io::toml_value_text(toml::value<std::string>(value));  // a bare word: a string
    }
    values.emplace_back(key, value);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    values.emplace_back(params[i].key, params[i].text(outcome.best[i]));
  }
  values.emplace_back("sim.seed", std::to_string(search.seed(0)));
  const std::string body = io::replace_values(text, request.scenario_path, values);
  outcome.text = header(request, outcome, params, target) + body;
  file.write(outcome.text);
  file.commit();
  return outcome;
}

}  // namespace lmsim::sim::app
