#include "analysis/report_run.hpp"

namespace lmsim::analysis {

std::string run_label(std::size_t index) {
  std::string label;
  std::size_t rest = index + 1;
  while (rest > 0) {
    label.insert(label.begin(), static_cast<char>('A' + (rest - 1) % 26));
    rest = (rest - 1) / 26;
  }
  return label;
}

std::vector<ReportRun> make_report_runs(std::vector<RunData> runs) {
  std::vector<ReportRun> report_runs;
  report_runs.reserve(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunMetrics metrics = compute_run_metrics(runs[i]);
    report_runs.push_back(
        {runs.size() > 1 ? run_label(i) : std::string(), std::move(runs[i]), std::move(metrics)});
  }
  return report_runs;
}

}  // namespace lmsim::analysis
