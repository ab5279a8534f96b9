// `lmsim score` end to end: the bundled example against golden files, the atomic-output rules,
// and one malformed input per error class, checking the exit status and the exact message.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::test;

namespace {

const std::string kExample = "scenarios/score_example/";

std::vector<std::string> example_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"score",
                                "--campaign",
                                kExample + "campaign.toml",
                                "--snapshots",
                                kExample + "snapshots.csv",
                                "--orders",
                                kExample + "orders.csv"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

/// Compares a produced file with its golden copy under tests/data; LMSIM_UPDATE_GOLDEN=1
/// rewrites the golden copy instead (review the diff before committing it).
void check_golden(const std::string& produced, const std::string& golden_relative) {
  const std::string golden = source_path("tests/data/" + golden_relative);
  if (std::getenv("LMSIM_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::copy_file(produced, golden, std::filesystem::copy_options::overwrite_existing);
  }
  CAPTURE(golden_relative);
  CHECK(read_file(produced) == read_file(golden));
}

/// Runs `lmsim score` on the example with one file replaced by `content`.
CommandResult run_with(const std::string& which, const std::string& content) {
  TempDir dir;
  const std::string path = dir.write(which, content);
  std::vector<std::string> args = example_args();
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--" + which.substr(0, which.find('.'))) args[i + 1] = path;
  }
  CommandResult result = run_lmsim(args);
  // Keep the message comparable across runs: drop the temporary directory.
  const auto at = result.err.find(dir.path().string() + "/");
  if (at != std::string::npos) result.err.erase(at, dir.path().string().size() + 1);
  return result;
}

}  // namespace

TEST_CASE("lmsim score: the bundled example matches its golden results", "[cli][score]") {
  TempDir out;
  const CommandResult result = run_lmsim(example_args({"--out", out.file("results")}));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.find("ETH-USDT  tight_tom") != std::string::npos);
  CHECK(result.out.find("budget 1.000000000, allocated 0.950000000, unallocated 0.050000000 ETH") !=
        std::string::npos);
  for (const char* name : {"allocations.csv", "snapshots.csv", "summary.json"}) {
    check_golden(out.file("results/") + name, std::string("score_example/") + name);
  }
  // Only the three results: no temporaries left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(out.file("results")),
                      std::filesystem::directory_iterator()) == 3);
}

TEST_CASE("lmsim score: the same inputs give byte-identical results", "[cli][score]") {
  TempDir out;
  REQUIRE(run_lmsim(example_args({"--out", out.file("a")})).exit_code == 0);
  REQUIRE(run_lmsim(example_args({"--out", out.file("b")})).exit_code == 0);
  for (const char* name : {"allocations.csv", "snapshots.csv", "summary.json"}) {
    CHECK(read_file(out.file("a/") + name) == read_file(out.file("b/") + name));
  }
}

TEST_CASE("lmsim score: existing results are kept unless --force", "[cli][score]") {
  TempDir out;
  const std::string dir = out.file("results");
  REQUIRE(run_lmsim(example_args({"--out", dir})).exit_code == 0);
  out.write("results/summary.json", "precious");
  const CommandResult refused = run_lmsim(example_args({"--out", dir}));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err == "lmsim: error: " + dir +
                           "/allocations.csv: already exists; refusing to overwrite a result (use "
                           "--force to replace it)\n");
  CHECK(read_file(dir + "/summary.json") == "precious");
  const CommandResult forced = run_lmsim(example_args({"--out", dir, "--force"}));
  CHECK(forced.exit_code == 0);
  CHECK(read_file(dir + "/summary.json").find("\"lmsim_version\"") != std::string::npos);
}

TEST_CASE("lmsim score: a failed run leaves no partial results", "[cli][score]") {
  TempDir out;
  const std::string dir = out.file("results");
  std::vector<std::string> args = example_args({"--out", dir});
  args[6] = source_path("tests/data/score_errors/orders_bad_side.csv");
  CHECK(run_lmsim(args).exit_code == 2);
  CHECK(std::filesystem::is_empty(out.path()));  // neither a result nor a temporary
}

TEST_CASE("lmsim: help, version and usage errors", "[cli]") {
  const CommandResult help = run_lmsim({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("usage: lmsim <command>") != std::string::npos);
  const CommandResult score_help = run_lmsim({"score", "--help"});
  CHECK(score_help.exit_code == 0);
  CHECK(score_help.out.find("--snapshots FILE") != std::string::npos);
  const CommandResult version = run_lmsim({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("lmsim 0.", 0) == 0);
  CHECK(run_lmsim({}).exit_code == 2);
  const CommandResult unknown = run_lmsim({"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "lmsim: error: unknown command 'frobnicate' (see 'lmsim --help')\n");
  const CommandResult missing = run_lmsim({"score", "--campaign", "x.toml"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "lmsim: error: the option '--snapshots' is required (see 'lmsim score --help')\n");
  const CommandResult bad_option = run_lmsim({"score", "--colour"});
  CHECK(bad_option.exit_code == 2);
  CHECK(bad_option.err ==
        "lmsim: error: unrecognised option '--colour' (see 'lmsim score --help')\n");
}

TEST_CASE("lmsim score: each malformed input exits 2 with file, line and what was expected",
          "[cli][score]") {
  struct Case {
    std::string file;
    std::string content;
    std::string message;
  };
  const std::string orders = "timestamp,market,miner,side,price,amount\n";
  const std::string snapshots = "timestamp,market,mid_price\n";
  const std::string at = "2024-08-08T23:55:53.877Z,ETH-USDT,";
  const std::vector<Case> cases{
      {"orders.csv", orders + at + "x,bid,2680\n",
       "orders.csv:2: expected 6 fields as in the header (got 5)"},
      {"orders.csv", orders + at + "x,bid,cheap,1\n",
       "orders.csv:2:41: price: expected a number (got \"cheap\")"},
      {"orders.csv", orders + at + "x,bid,2680,-2\n",
       "orders.csv:2:46: amount: must be > 0 (got -2)"},
      // Two such bids once overflowed the weight total and the pool was split evenly.
      {"orders.csv", orders + at + "x,bid,2680,1.7e308\n",
       "orders.csv:2:46: amount: must be at most 1000000000000000 (got 1.7e308)"},
      {"orders.csv", orders + at + "x,hold,2680,1\n",
       "orders.csv:2:37: side: expected bid, ask, buy or sell (got \"hold\")"},
      {"orders.csv", orders + "2024-08-08T23:55:54Z,ETH-USDT,x,bid,2680,1\n",
       "orders.csv:2:1: timestamp: no snapshot of market \"ETH-USDT\" at 2024-08-08T23:55:54Z "
       "(every order must match a row of the snapshots file)"},
      {"snapshots.csv", snapshots + "2024-08-08T23:55:53Z,ETH-USDT,0\n",
       "snapshots.csv:2:31: mid_price: must be > 0 (got 0)"},
      {"snapshots.csv", snapshots + "2024-08-09T00:05:00Z,ETH-USDT,2680\n",
       "snapshots.csv:2:1: timestamp: snapshot at 2024-08-09T00:05:00Z lies outside the "
       "campaign's epochs [2024-08-08T23:55:00Z, 2024-08-09T00:05:00Z)"},
      {"snapshots.csv",
       snapshots + "2024-08-08T23:55:01Z,ETH-USDT,2680\n2024-08-08T23:55:02Z,ETH-USDT,2680\n",
       "snapshots.csv:3:1: timestamp: second snapshot in slot 0 of market \"ETH-USDT\" (slot "
       "starts "
       "2024-08-08T23:55:00Z; the first is on line 2); at most one snapshot per slot and market"},
      {"snapshots.csv", snapshots + "2024-08-08T23:55:01Z,BTC-USDT,60000\n",
       "snapshots.csv:2:22: market: market \"BTC-USDT\" is not listed in the campaign (listed: "
       "ETH-USDT)"},
      {"campaign.toml",
       "[campaign]\nreward_token = \"ETH\"\nreward_decimals = 9\n"
       "epoch_start = 2024-08-08T23:55:00Z\nepoch_length = \"10m\"\n"
       "max_spread = 0.01\nbid_share = 2\n",
       "campaign.toml:7:13: campaign.bid_share: must be in [0, 1] (got 2)"},
      {"campaign.toml", "[campaign]\nmax_spread = 0.01\nmax_spred = 0.02\n",
       "campaign.toml:3:1: campaign.max_spred: unknown key (did you mean 'max_spread'?)"},
      {"campaign.toml",
       "[campaign]\nreward_token = \"ETH\"\nreward_decimals = 9\n"
       "epoch_start = 2024-08-08T23:55:00Z\nepoch_length = \"10m\"\n"
       "max_spread = -0.01\n",
       "campaign.toml:6:14: campaign.max_spread: must be in (0, 1] (got -0.01)"},
      {"campaign.toml", "[campaign]\nreward_token = \"ETH\"\nreward_decimals = \"nine\"\n",
       "campaign.toml:3:19: campaign.reward_decimals: expected an integer (got a string)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.content);
    const CommandResult result = run_with(c.file, c.content);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "lmsim: error: " + c.message + "\n");
    CHECK(result.out.empty());
  }
  const CommandResult syntax = run_with("campaign.toml", "[campaign\n");
  CHECK(syntax.exit_code == 2);
  CHECK(syntax.err.rfind("lmsim: error: campaign.toml:1:", 0) == 0);
  CHECK(syntax.err.find("invalid TOML") != std::string::npos);
  const CommandResult missing =
      run_lmsim({"score", "--campaign", "nope.toml", "--snapshots", "s", "--orders", "o"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "lmsim: error: nope.toml: cannot open file\n");
}

TEST_CASE("lmsim score: a byte-order mark before the header is accepted",
          "[cli][score][reliability]") {
  const CommandResult plain = run_lmsim(example_args());
  const CommandResult marked =
      run_with("orders.csv", "\xEF\xBB\xBF" + read_file(source_path(kExample + "orders.csv")));
  INFO(marked.err);
  CHECK(marked.exit_code == 0);
  CHECK(marked.out == plain.out);
}
