#include "sim/app/tune.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/version.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::app {

namespace {

using analysis::Comparison;
using engine::format_float;
using engine::format_number;
using io::InputError;
using io::parse_number;
using io::trim;

constexpr int kMaxBisections = 30;

/// The values of the key being searched, each run at replicates 0 … n−1, memoised.
class Evaluator {
 public:
  Evaluator(const TuneRequest& request, SweepPlan plan)
      : request_(request), plan_(std::move(plan)) {
    metric_names_ = sweep_metric_names(plan_, &metric_units_);
    if (request.target) target_ = metric_index(request.target->metric, "--target");
    if (request.optimise_metric) {
      optimise_ =
          metric_index(*request.optimise_metric, request.maximise ? "--maximise" : "--minimise");
    }
  }

  /// `value` (rounded to six significant figures: the search needs no more, and a key such as
  /// a budget takes only so many decimals) with at least `replicates` runs.
  TuneEvaluation& evaluate(double value, int replicates) {
    char rounded[32];
    std::snprintf(rounded, sizeof rounded, "%.6g", value);
    value = std::strtod(rounded, nullptr);
    const std::string text = format_float(value);
    TuneEvaluation& evaluation = evaluations_[value];
    evaluation.value = value;
    evaluation.text = text;
    const std::size_t have = evaluation.runs.size();
    const auto want = static_cast<std::size_t>(replicates);
    if (have < want) {
      evaluation.runs.resize(want);
      parallel_for(want - have, request_.jobs, [&](std::size_t index) {
        const int replicate = static_cast<int>(have + index);
        evaluation.runs[have + index] =
            run_point(plan_, {text}, replicate, markets_, metric_names_);
      });
      summarise(evaluation);
      // A value no run accepts (out of the key's range, more decimals than it takes) cannot be
      // decided by more replicates: stop with the reason.
      if (std::none_of(evaluation.runs.begin(), evaluation.runs.end(),
                       [](const SweepRun& run) { return run.ok; })) {
        throw InputError({"--param " + request_.key, 0, 0, ""},
                         "value " + text + " fails every run: " + evaluation.runs.front().error);
      }
      if (request_.progress) {
        std::ostringstream line;
        line << request_.key << " = " << text << ": " << evaluation.runs.size() << " runs";
        if (target_) {
          line << ", " << request_.target->metric << " "
               << format_number(evaluation.target_summary.mean) << " ["
               << format_number(evaluation.target_summary.ci_low) << ", "
               << format_number(evaluation.target_summary.ci_high) << "] " << evaluation.verdict;
        }
        request_.progress(line.str());
      }
    }
    return evaluation;
  }

  /// `value` run until the target's verdict is decided or the replicates run out.
  TuneEvaluation& decide(double value) {
    int replicates = request_.replicates;
    TuneEvaluation* evaluation = &evaluate(value, replicates);
    while (evaluation->verdict == "undecided" && replicates < request_.max_replicates) {
      replicates = std::min(request_.max_replicates, replicates * 2);
      evaluation = &evaluate(value, replicates);
    }
    return *evaluation;
  }

  std::vector<TuneEvaluation> all() const {
    std::vector<TuneEvaluation> list;
    for (const auto& [value, evaluation] : evaluations_) list.push_back(evaluation);
    return list;
  }
  const std::vector<std::string>& metric_names() const { return metric_names_; }
  const std::vector<std::string>& metric_units() const { return metric_units_; }
  const SweepPlan& plan() const { return plan_; }

 private:
  std::size_t metric_index(const std::string& name, const std::string& option) const {
    const auto found = std::find(metric_names_.begin(), metric_names_.end(), name);
    if (found == metric_names_.end()) {
      std::string list;
      for (const std::string& known : metric_names_) list += (list.empty() ? "" : ", ") + known;
      throw InputError({option, 0, 0, ""},
                       "unknown metric \"" + name + "\" (metrics: " + list + ")");
    }
    return static_cast<std::size_t>(found - metric_names_.begin());
  }

  void summarise(TuneEvaluation& evaluation) const {
    const auto column = [&](std::size_t metric) {
      std::vector<double> values;
      for (const SweepRun& run : evaluation.runs) {
        if (run.ok) values.push_back(run.metrics[metric]);
      }
      return analysis::summarise(values, request_.confidence);
    };
    if (optimise_) evaluation.optimise_summary = column(*optimise_);
    if (!target_) return;
    evaluation.target_summary = column(*target_);
    const TuneTarget& target = *request_.target;
    const Comparison opposite =
        target.comparison == Comparison::kAtLeast ? Comparison::kAtMost : Comparison::kAtLeast;
    if (analysis::holds_with_confidence(evaluation.target_summary, target.comparison,
                                        target.threshold, request_.confidence)) {
      evaluation.verdict = "holds";
    } else if (analysis::holds_with_confidence(evaluation.target_summary, opposite,
                                               target.threshold, request_.confidence)) {
      evaluation.verdict = "fails";
    } else {
      evaluation.verdict = "undecided";
    }
  }

  const TuneRequest& request_;
  SweepPlan plan_;
  SharedMarkets markets_;
  std::vector<std::string> metric_names_;
  std::vector<std::string> metric_units_;
  std::optional<std::size_t> target_;
  std::optional<std::size_t> optimise_;
  std::map<double, TuneEvaluation> evaluations_;
};

double between(const TuneRange& range, double low, double high, double t) {
  if (range.log) return std::exp(std::log(low) + t * (std::log(high) - std::log(low)));
  return low + t * (high - low);
}

void write_evaluation_json(io::JsonWriter& json, const TuneEvaluation& evaluation, bool with_target,
                           bool with_optimise) {
  json.begin_object();
  json.key("value").value(evaluation.value);
  json.key("runs").value(static_cast<std::int64_t>(evaluation.runs.size()));
  const auto summary = [&](const char* name, const analysis::Summary& s) {
    json.key(name).begin_object();
    json.key("n").value(static_cast<std::int64_t>(s.count));
    const auto number = [&](const char* key, double value) {
      json.key(key);
      if (std::isfinite(value)) {
        json.value(value);
      } else {
        json.null();
      }
    };
    number("mean", s.mean);
    number("ci_low", s.ci_low);
    number("ci_high", s.ci_high);
    json.end_object();
  };
  if (with_target) {
    summary("target", evaluation.target_summary);
    json.key("verdict").value(evaluation.verdict);
  }
  if (with_optimise) summary("optimised", evaluation.optimise_summary);
  json.end_object();
}

}  // namespace

TuneTarget parse_target(const std::string& text) {
  const auto fail = [&](const std::string& problem) -> TuneTarget {
    throw InputError({"--target " + text, 0, 0, ""}, problem);
  };
  TuneTarget target;
  target.text = text;
  std::size_t at = text.find(">=");
  target.comparison = Comparison::kAtLeast;
  if (at == std::string::npos) {
    at = text.find("<=");
    target.comparison = Comparison::kAtMost;
  }
  if (at == std::string::npos) return fail("expected \"METRIC >= X\" or \"METRIC <= X\"");
  target.metric = trim(std::string_view(text).substr(0, at));
  const auto threshold = parse_number(trim(std::string_view(text).substr(at + 2)));
  if (target.metric.empty()) return fail("no metric before the comparison");
  if (!threshold) return fail("X must be a finite number");
  target.threshold = *threshold;
  return target;
}

TuneRange parse_tune_range(const std::string& text) {
  const auto fail = [&](const std::string& problem) -> TuneRange {
    throw InputError({"--range " + text, 0, 0, ""}, problem);
  };
  TuneRange range;
  std::string_view rest = text;
  if (rest.starts_with("log:")) {
    range.log = true;
    rest.remove_prefix(4);
  }
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return fail("expected LO:HI or log:LO:HI");
  const auto low = parse_number(rest.substr(0, colon));
  const auto high = parse_number(rest.substr(colon + 1));
  if (!low || !high) return fail("LO and HI must be finite numbers");
  if (!(*low < *high)) return fail("an empty range: LO must be below HI");
  if (range.log && !(*low > 0.0)) return fail("a log range needs LO > 0");
  range.low = *low;
  range.high = *high;
  return range;
}

TuneOutcome tune(const TuneRequest& request) {
  if (!request.target && !request.optimise_metric) {
    throw InputError({"--target", 0, 0, ""},
                     "a target (or a metric to maximise or minimise) is needed");
  }
  io::ResultFileSet files(request.out_dir, {"tune.json", "sweep.h5", "sweep.csv"},
                          request.overwrite);
  io::SweepAxis axis{request.key,
                     {format_float(request.range.low), format_float(request.range.high)},
                     "--param " + request.key};
  Evaluator evaluator(request, make_sweep_plan(request.scenario_path, request.overrides, {axis},
                                               request.replicates));
  TuneOutcome outcome;

  if (!request.optimise_metric) {
    // The smallest value whose target holds, by bisection: the target is assumed to hold from
    // some value of the key on (more budget buys more depth); the verdicts say when it does not.
    TuneEvaluation& high = evaluator.decide(request.range.high);
    TuneEvaluation& low = evaluator.decide(request.range.low);
    if (low.verdict == "holds") {
      outcome.found = true;
      outcome.answer = low;
    } else if (high.verdict != "holds") {
      outcome.notes.push_back(
          "the target does not hold with the stated confidence at the top "
          "of the range (" +
          high.text + ")");
    } else {
      double below = request.range.low;   // not shown to hold
      double above = request.range.high;  // holds
      const double tolerance = request.tolerance > 0.0
                                   ? request.tolerance
                                   : (request.range.high - request.range.low) / 64.0;
      for (int step = 0; step < kMaxBisections && above - below > tolerance; ++step) {
        const double middle = between(request.range, below, above, 0.5);
        if (evaluator.decide(middle).verdict == "holds") {
          above = middle;
        } else {
          below = middle;
        }
      }
      outcome.found = true;
      outcome.answer = evaluator.evaluate(above, request.replicates);
    }
  } else {
    // The best value of the optimised metric among those whose target holds (all, without a
    // target): a scan of the range, then a finer scan around the best.
    const auto better = [&](const TuneEvaluation& a, const TuneEvaluation& b) {
      return request.maximise ? a.optimise_summary.mean > b.optimise_summary.mean
                              : a.optimise_summary.mean < b.optimise_summary.mean;
    };
    const auto feasible = [&](const TuneEvaluation& e) {
      return std::isfinite(e.optimise_summary.mean) && (!request.target || e.verdict == "holds");
    };
    double low = request.range.low;
    double high = request.range.high;
    for (int round = 0; round < 2; ++round) {
      std::vector<double> values;
      for (int i = 0; i < request.steps; ++i) {
        values.push_back(between(request.range, low, high,
                                 static_cast<double>(i) / static_cast<double>(request.steps - 1)));
      }
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < values.size(); ++i) {
        TuneEvaluation& evaluation = request.target
                                         ? evaluator.decide(values[i])
                                         : evaluator.evaluate(values[i], request.replicates);
        if (!feasible(evaluation)) continue;
        if (!best || better(evaluation, evaluator.evaluate(values[*best], request.replicates))) {
          best = i;
        }
      }
      if (!best) break;
      outcome.found = true;
      outcome.answer = evaluator.evaluate(values[*best], request.replicates);
      low = values[*best == 0 ? 0 : *best - 1];
      high = values[std::min(values.size() - 1, *best + 1)];
    }
    if (!outcome.found) outcome.notes.push_back("no value of the range satisfies the target");
  }

  outcome.evaluated = evaluator.all();
  outcome.metric_names = evaluator.metric_names();
  outcome.metric_units = evaluator.metric_units();
  if (request.target) {
    bool held = false;
    for (const TuneEvaluation& evaluation : outcome.evaluated) {
      if (evaluation.verdict == "holds") held = true;
      if (held && evaluation.verdict == "fails") outcome.monotone = false;
    }
    if (!outcome.monotone) {
      outcome.notes.push_back("the response is not monotone in " + request.key +
                              ": the target fails at a value above one where it holds, so a "
                              "bisection's answer may not be the smallest");
    }
  }

  // The evaluated values as a one-axis sweep, replicates up to the most any value ran (a value
  // decided sooner has its later replicates marked as not run).
  std::size_t replicates = 1;
  for (const TuneEvaluation& evaluation : outcome.evaluated) {
    replicates = std::max(replicates, evaluation.runs.size());
  }
  io::SweepDescription description;
  description.scenario_path = request.scenario_path;
  {
    std::ifstream in(request.scenario_path);
    std::stringstream text;
    text << in.rdbuf();
    description.scenario_text = text.str();
  }
  description.overrides = request.overrides;
  description.axes = {axis};
  description.axes[0].values.clear();
  description.replicates = static_cast<int>(replicates);
  io::SweepResult result;
  result.metric_names = outcome.metric_names;
  result.metric_units = outcome.metric_units;
  for (const TuneEvaluation& evaluation : outcome.evaluated) {
    description.axes[0].values.push_back(evaluation.text);
    description.point_values.push_back({evaluation.text});
    for (std::size_t r = 0; r < replicates; ++r) {
      result.runs.push_back(r < evaluation.runs.size()
                                ? evaluation.runs[r]
                                : SweepRun{false, "not run: the value was decided sooner", {}});
    }
  }
  for (std::size_t r = 0; r < replicates; ++r) {
    description.replicate_seeds.push_back(evaluator.plan().replicate_seed(static_cast<int>(r)));
  }
  description.plan_text = evaluator.plan().text();

  io::JsonWriter json;
  json.begin_object();
  json.key("lmsim_version").value(engine::kVersion);
  json.key("scenario").value(request.scenario_path);
  json.key("param").value(request.key);
  json.key("range").begin_array().value(request.range.low).value(request.range.high).end_array();
  json.key("log").value(request.range.log);
  if (request.target) json.key("target").value(request.target->text);
  if (request.optimise_metric) {
    json.key(request.maximise ? "maximise" : "minimise").value(*request.optimise_metric);
  }
  json.key("confidence").value(request.confidence);
  json.key("found").value(outcome.found);
  if (outcome.found) {
    json.key("answer");
    write_evaluation_json(json, outcome.answer, request.target.has_value(),
                          request.optimise_metric.has_value());
  }
  json.key("monotone").value(outcome.monotone);
  json.key("notes").begin_array();
  for (const std::string& note : outcome.notes) json.value(note);
  json.end_array();
  json.key("evaluated").begin_array();
  for (const TuneEvaluation& evaluation : outcome.evaluated) {
    write_evaluation_json(json, evaluation, request.target.has_value(),
                          request.optimise_metric.has_value());
  }
  json.end_array();
  json.end_object();

  io::write_sweep_h5(files.staging_path("sweep.h5"), description, result);
  files.write("sweep.csv", io::sweep_csv(description, result));
  files.write("tune.json", json.str());
  files.commit();
  return outcome;
}

}  // namespace lmsim::sim::app
