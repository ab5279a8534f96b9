#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "sim/app/score_job.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/param_reader.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/score_input.hpp"
#include "sim/io/score_report.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kScoreHelp =
    R"(usage: lmsim score --campaign CAMPAIGN.toml --snapshots SNAPSHOTS.csv --orders ORDERS.csv
                   [--rule NAME] [--out DIR] [--force]

Scores recorded order snapshots against a liquidity-mining campaign with the campaign's
rule (by default Hummingbot's: every snapshot's pool is split between bids and asks and
shared in proportion to order size weighted by spread), or with --rule another one, with
exact integer accounting of the reward token. Prints a table per market and miner; with
--out also writes DIR/allocations.csv, DIR/snapshots.csv and DIR/summary.json (the same
columns whatever the rule; docs/scoring.md says what each rule pays and when).

Inputs (docs/campaign.md and docs/score-inputs.md describe every key and column):
  CAMPAIGN.toml   a [campaign] table: reward token and decimals, epochs, snapshot
                  interval, max_spread, spread_factor, bid_share, markets and budgets
  SNAPSHOTS.csv   timestamp,market,mid_price        (one row per snapshot instant)
  ORDERS.csv      timestamp,market,miner,side,price,amount[,created]
                  (the orders resting at each snapshot; side is bid/ask or buy/sell)
  Timestamps are ISO-8601 UTC (2020-02-04T00:00:37Z) or integer ns since 1970.

Options)";

/// The campaign of `path`, scored by `rule_name` when one is given: an also_score entry of that
/// name, else the registered rule (its keys from [campaign.NAME], or its defaults).
engine::Campaign load_campaign(const std::string& path, const std::string& rule_name) {
  if (rule_name.empty()) return sim::io::load_campaign_file(path);
  const engine::RuleRegistry& rules = engine::builtin_rules();
  const bool registered = rules.find(rule_name) != nullptr;
  sim::io::CampaignConfig config = sim::io::load_campaign_config(
      path, registered ? std::vector<std::string>{rule_name} : std::vector<std::string>{});
  for (const sim::AlsoScoredRule& extra : config.also_score) {
    if (extra.name == rule_name) {
      config.campaign.rule = extra.rule;
      return config.campaign;
    }
  }
  if (!registered) {
    std::vector<std::string> names = rules.names();
    for (const sim::AlsoScoredRule& extra : config.also_score) names.push_back(extra.name);
    throw sim::io::InputError({"--rule " + rule_name, 0, 0, ""},
                              sim::io::unknown_name_problem("rule", rule_name, names));
  }
  config.campaign.rule = config.requested.front();
  return config.campaign;
}

}  // namespace

int score_command(const std::vector<std::string>& args) {
  po::options_description options(kScoreHelp);
  std::string campaign_path;
  std::string snapshots_path;
  std::string orders_path;
  std::string out_dir;
  std::string rule_name;
  options.add_options()("help,h", "show this help")(
      "campaign", po::value(&campaign_path)->value_name("FILE"), "campaign TOML file (required)")(
      "snapshots", po::value(&snapshots_path)->value_name("FILE"), "snapshots CSV file (required)")(
      "orders", po::value(&orders_path)->value_name("FILE"), "orders CSV file (required)")(
      "rule", po::value(&rule_name)->value_name("NAME"),
      "score with this rule instead of the campaign's: the name of a [[campaign.also_score]] "
      "entry, or of a rule (dydx, polymarket, size_only, uniform, hummingbot), whose keys come "
      "from [campaign.NAME] or are its defaults")(
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
  const engine::Campaign campaign = load_campaign(campaign_path, rule_name);
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
