#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "sim/app/score_job.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/score_input.hpp"
#include "sim/io/score_report.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kScoreHelp =
    R"(usage: lmsim score --campaign CAMPAIGN.toml --snapshots SNAPSHOTS.csv --orders ORDERS.csv
                   [--out DIR] [--force]

Scores recorded order snapshots against a liquidity-mining campaign: every snapshot's
pool is split between bids and asks and shared in proportion to order size weighted
by spread (Hummingbot's rule), with exact integer accounting of the reward token.
Prints a table per market and miner; with --out also writes DIR/allocations.csv,
DIR/snapshots.csv and DIR/summary.json.

Inputs (docs/campaign.md and docs/score-inputs.md describe every key and column):
  CAMPAIGN.toml   a [campaign] table: reward token and decimals, epochs, snapshot
                  interval, max_spread, spread_factor, bid_share, markets and budgets
  SNAPSHOTS.csv   timestamp,market,mid_price        (one row per snapshot instant)
  ORDERS.csv      timestamp,market,miner,side,price,amount[,created]
                  (the orders resting at each snapshot; side is bid/ask or buy/sell)
  Timestamps are ISO-8601 UTC (2020-02-04T00:00:37Z) or integer ns since 1970.

Options)";

}  // namespace

int score_command(const std::vector<std::string>& args) {
  po::options_description options(kScoreHelp);
  std::string campaign_path;
  std::string snapshots_path;
  std::string orders_path;
  std::string out_dir;
  options.add_options()("help,h", "show this help")(
      "campaign", po::value(&campaign_path)->value_name("FILE"), "campaign TOML file (required)")(
      "snapshots", po::value(&snapshots_path)->value_name("FILE"), "snapshots CSV file (required)")(
      "orders", po::value(&orders_path)->value_name("FILE"), "orders CSV file (required)")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "also write allocations.csv, snapshots.csv and summary.json into DIR "
      "(created if missing; files are written atomically)")(
      "force", "replace results already present in DIR");
  std::vector<std::string> no_positionals;
  const auto parsed = parse_command_line(args, options, no_positionals, 0);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  for (const char* required : {"campaign", "snapshots", "orders"}) {
    if (!values.count(required)) {
      throw po::error(std::string("the option '--") + required + "' is required");
    }
  }

  // Refuse to clobber results before doing any work.
  std::optional<sim::io::ResultDirectory> results;
  if (!out_dir.empty()) {
    results.emplace(out_dir,
                    std::vector<std::string>{"allocations.csv", "snapshots.csv", "summary.json"},
                    values.count("force") > 0);
  }
  const engine::Campaign campaign = sim::io::load_campaign_file(campaign_path);
  const sim::io::ScoreInput input =
      sim::io::load_score_input(campaign, snapshots_path, orders_path);
  const sim::io::ScoreOutcome outcome = sim::app::score_campaign(campaign, input);

  if (results) {
    results->write("allocations.csv", sim::io::allocations_csv(campaign, input, outcome));
    results->write("snapshots.csv", sim::io::snapshots_csv(campaign, input, outcome));
    results->write("summary.json", sim::io::score_summary_json(campaign, input, outcome));
    results->commit();
  }
  std::cout << sim::io::score_table(campaign, input, outcome);
  if (results)
    std::cout << "\nwrote " << results->directory().string()
              << "/{allocations.csv,snapshots.csv,summary.json}\n";
  return kExitOk;
}

}  // namespace lmsim::cli
