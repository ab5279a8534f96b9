// The scenario loader on arbitrary text: TOML parsing, every table's keys and ranges, the
// derived checks, `--set` overrides (lines "#--set KEY=VALUE", comments to TOML), and for a
// small synthetic scenario that loads, the run itself.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim;

namespace {

class Quiet final : public sim::RunObserver {
 public:
  void on_sample(const sim::MarketSample&) override {}
  void on_snapshot(const sim::SnapshotObservation&) override {}
  void on_miner_fill(const sim::MinerFillRecord&) override {}
  void on_fill_markout(const sim::FillMarkoutRecord&) override {}
  void on_baseline_sample(const sim::MarketSample&) override {}
  void on_progress(double) override {}
};

// Runs cheap enough to try on every input that loads (a few thousand events at most).
constexpr double kMaxEventsRun = 20'000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  for (std::size_t at = text.find("#--set "); at != std::string::npos;
       at = text.find("#--set ", at + 1)) {
    const std::size_t end = text.find('\n', at);
    overrides.push_back(text.substr(at + 7, end == std::string::npos ? end : end - at - 7));
  }
  const std::string path = fuzz::scratch_file("s.toml", text);
  fuzz::expecting_input_errors([&] {
    const sim::Scenario scenario = sim::io::load_scenario(path, overrides);
    if (scenario.market.replay || sim::expected_events(scenario) > kMaxEventsRun) return;
    sim::Simulation simulation(scenario);
    Quiet quiet;
    simulation.run(quiet);
    // No reward lost or invented, whatever the scenario.
    const engine::RewardLedger& ledger = simulation.ledger();
    for (int epoch = 0; epoch < scenario.campaign.epochs; ++epoch) {
      const engine::EpochTotals& totals = ledger.epoch_totals(scenario.campaign_market, epoch);
      fuzz::require(totals.allocated + totals.unallocated == totals.budget);
    }
  });
  return 0;
}
