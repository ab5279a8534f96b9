// The score CSV reader and the scoring of what it reads (lmsim score without the printing):
// the input is SNAPSHOTS.csv, a line "#ORDERS", then ORDERS.csv, scored against the bundled
// example's campaign. Property: every epoch pays out exactly its budget.
#include <string>

#include "fuzz_support.hpp"
#include "sim/app/score_job.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/score_input.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim;

namespace {

const char* const kCampaign = R"([campaign]
name = "fuzz"
reward_token = "ETH"
reward_decimals = 9
epoch_start = 2024-08-08T23:55:00Z
epoch_length = "5m"
epochs = 2
snapshot_interval = "60s"
max_spread = 0.02
spread_factor = 8.0
min_order_amount = 0.01
max_order_age = "30m"

[[campaign.markets]]
pair = "ETH-USDT"
budget = 1.5

[[campaign.markets]]
pair = "BTC-USDT"
budget = 0.000000001
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const engine::Campaign campaign =
      sim::io::campaign_from_toml(sim::io::parse_toml(kCampaign, "c.toml"), "c.toml");
  const auto [snapshots, orders] =
      fuzz::split_at(std::string_view(reinterpret_cast<const char*>(data), size), "\n#ORDERS\n");
  const std::string snapshots_path = fuzz::scratch_file("snapshots.csv", snapshots);
  const std::string orders_path = fuzz::scratch_file("orders.csv", orders);
  fuzz::expecting_input_errors([&] {
    const sim::io::ScoreInput input =
        sim::io::load_score_input(campaign, snapshots_path, orders_path);
    const sim::io::ScoreOutcome outcome = sim::app::score_campaign(campaign, input);
    for (const auto& market : outcome.epochs) {
      for (const engine::EpochTotals& totals : market) {
        fuzz::require(totals.allocated + totals.unallocated == totals.budget);
      }
    }
  });
  return 0;
}
