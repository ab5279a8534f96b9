#include <catch2/catch.hpp>

#include "sim/io/campaign_config.hpp"
#include "sim/io/score_input.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

engine::Campaign campaign(bool with_max_age = false) {
  const std::string text = std::string(R"([campaign]
reward_token = "ETH"
reward_decimals = 9
epoch_start = 2020-02-04T00:00:00Z
epoch_length = "10m"
max_spread = 0.01
)") + (with_max_age ? "max_order_age = \"30m\"\n" : "") +
                           R"(
[[campaign.markets]]
pair = "ETH-USDT"
budget = 1
[[campaign.markets]]
pair = "BTC-USDT"
budget = 1
)";
  return campaign_from_toml(parse_toml(text, "c.toml"), "c.toml");
}

const std::string kSnapshots = R"(timestamp,market,mid_price
2020-02-04T00:00:37Z,ETH-USDT,100
2020-02-04T00:01:10.5Z,ETH-USDT,101
2020-02-04T00:00:05Z,BTC-USDT,9000
)";

const std::string kOrders = R"(timestamp,market,miner,side,price,amount
2020-02-04T00:01:10.5Z,ETH-USDT,bob,sell,101.5,2
2020-02-04T00:00:37Z,ETH-USDT,alice,bid,99.5,1
2020-02-04T00:00:37Z,ETH-USDT,bob,ask,100.5,3
1580774405000000000,BTC-USDT,alice,buy,8990,0.5
)";

ScoreInput load(const std::string& snapshots, const std::string& orders,
                bool with_max_age = false) {
  test::TempDir dir;
  return load_score_input(campaign(with_max_age), dir.write("snapshots.csv", snapshots),
                          dir.write("orders.csv", orders));
}

std::string error_of(const std::string& snapshots, const std::string& orders,
                     bool with_max_age = false) {
  try {
    load(snapshots, orders, with_max_age);
  } catch (const InputError& error) {
    // Directories differ per run; compare from the file name on.
    const std::string text = error.what();
    return text.substr(text.rfind('/') + 1);
  }
  return "(no error)";
}

std::string with_row(const std::string& csv, const std::string& row) {
  return csv + row + "\n";
}

}  // namespace

TEST_CASE("load_score_input: snapshots in scoring order, orders grouped per snapshot",
          "[score_input]") {
  const ScoreInput input = load(kSnapshots, kOrders);
  REQUIRE(input.snapshots.size() == 3);
  // ETH-USDT (market 0) slots 0 and 1, then BTC-USDT (market 1) slot 0.
  CHECK(input.snapshots[0].market == 0);
  CHECK(input.snapshots[0].slot == 0);
  CHECK(input.snapshots[1].slot == 1);
  CHECK(input.snapshots[2].market == 1);
  CHECK(input.order_begin == std::vector<std::size_t>{0, 2, 3, 4});
  CHECK(input.miner_names == std::vector<std::string>{"alice", "bob"});  // ids in name order
  const engine::Snapshot first = input.snapshot(0);
  CHECK(first.mid == 100.0);
  REQUIRE(first.orders.size() == 2);
  CHECK(first.orders.miner[0] == 0);  // alice, in file order within the snapshot
  CHECK(first.orders.miner[1] == 1);  // bob
  CHECK(first.orders.side[1] == engine::Side::kAsk);
  CHECK(first.orders.amount[1] == 3.0);
  const engine::Snapshot second = input.snapshot(1);
  CHECK(second.time == first.time + 33'500'000'000);
  CHECK(second.orders.side[0] == engine::Side::kAsk);             // "sell"
  CHECK(input.snapshot(2).orders.side[0] == engine::Side::kBid);  // "buy"
  CHECK(input.order_created.empty());
}

TEST_CASE("load_score_input: every malformed-input class is reported with its position",
          "[score_input]") {
  const std::string header = "timestamp,market,miner,side,price,amount\n";
  const std::string at = "2020-02-04T00:00:37Z,ETH-USDT,";
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,99")) ==
        "orders.csv:2: expected 6 fields as in the header (got 5)");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,abc,1")) ==
        "orders.csv:2:41: price: expected a number (got \"abc\")");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,99,-1")) ==
        "orders.csv:2:44: amount: must be > 0 (got -1)");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,99,0")) ==
        "orders.csv:2:44: amount: must be > 0 (got 0)");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,99,1.7e308")) ==
        "orders.csv:2:44: amount: must be at most 1000000000000000 (got 1.7e308)");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,inf,1")) ==
        "orders.csv:2:41: price: expected a number (got \"inf\")");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,nan,1")) ==
        "orders.csv:2:41: price: expected a number (got \"nan\")");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,bid,2e15,1")) ==
        "orders.csv:2:41: price: must be at most 1000000000000000 (got 2e15)");
  CHECK(error_of(kSnapshots, with_row(header, at + "carol,hold,99,1")) ==
        "orders.csv:2:37: side: expected bid, ask, buy or sell (got \"hold\")");
  CHECK(error_of(kSnapshots, with_row(header, "2020-02-04T00:00:38Z,ETH-USDT,carol,bid,99,1")) ==
        "orders.csv:2:1: timestamp: no snapshot of market \"ETH-USDT\" at 2020-02-04T00:00:38Z "
        "(every order must match a row of the snapshots file)");
  CHECK(error_of(kSnapshots, with_row(header, "2020-02-04T00:00:37Z,DOGE-USDT,carol,bid,99,1")) ==
        "orders.csv:2:22: market: market \"DOGE-USDT\" is not listed in the campaign (listed: "
        "ETH-USDT, BTC-USDT)");
  CHECK(error_of(kSnapshots, with_row(header, "37s,ETH-USDT,carol,bid,99,1")) ==
        "orders.csv:2:1: timestamp: expected an ISO-8601 UTC time such as 2020-02-04T00:00:37Z "
        "or integer nanoseconds (got \"37s\")");
  CHECK(error_of(kSnapshots, with_row(header, at + ",bid,99,1")) ==
        "orders.csv:2:31: miner: must not be empty");
  CHECK(error_of(with_row(kSnapshots, "2020-02-04T00:00:05Z,ETH-USDT,0"), kOrders) ==
        "snapshots.csv:5:31: mid_price: must be > 0 (got 0)");
  CHECK(error_of(with_row(kSnapshots, "2020-02-04T00:00:05Z,ETH-USDT,-5"), kOrders) ==
        "snapshots.csv:5:31: mid_price: must be > 0 (got -5)");
  CHECK(error_of(with_row(kSnapshots, "2020-02-04T00:00:59Z,ETH-USDT,100"), kOrders) ==
        "snapshots.csv:5:1: timestamp: second snapshot in slot 0 of market \"ETH-USDT\" (slot "
        "starts 2020-02-04T00:00:00Z; the first is on line 2); at most one snapshot per slot and "
        "market");
  CHECK(error_of(with_row(kSnapshots, "2020-02-04T00:10:00Z,ETH-USDT,100"), kOrders) ==
        "snapshots.csv:5:1: timestamp: snapshot at 2020-02-04T00:10:00Z lies outside the "
        "campaign's epochs [2020-02-04T00:00:00Z, 2020-02-04T00:10:00Z)");
  CHECK(error_of(with_row(kSnapshots, "2020-02-03T23:59:59Z,ETH-USDT,100"), kOrders) ==
        "snapshots.csv:5:1: timestamp: snapshot at 2020-02-03T23:59:59Z lies outside the "
        "campaign's epochs [2020-02-04T00:00:00Z, 2020-02-04T00:10:00Z)");
  CHECK(error_of(with_row(kSnapshots, "2020-02-04T00:05:00Z,XRP-USDT,1"), kOrders) ==
        "snapshots.csv:5:22: market: market \"XRP-USDT\" is not listed in the campaign (listed: "
        "ETH-USDT, BTC-USDT)");
  CHECK(
      error_of("timestamp,mid_price\n", kOrders) ==
      "snapshots.csv:1: missing column \"market\" in header (expected timestamp,market,mid_price)");
  CHECK(error_of(kSnapshots, kOrders, true) ==
        "orders.csv:1: missing column \"created\": the campaign sets max_order_age, which needs "
        "each order's creation time");
}

TEST_CASE("load_score_input: creation times are read and checked", "[score_input]") {
  const std::string header = "timestamp,market,miner,side,price,amount,created\n";
  const ScoreInput input =
      load(kSnapshots,
           with_row(header, "2020-02-04T00:00:37Z,ETH-USDT,a,bid,99,1,2020-02-04T00:00:01Z"), true);
  REQUIRE(input.order_created.size() == 1);
  CHECK(input.snapshot(0).orders.created[0] == input.snapshots[0].time - 36'000'000'000);
  CHECK(error_of(kSnapshots,
                 with_row(header, "2020-02-04T00:00:37Z,ETH-USDT,a,bid,99,1,2020-02-04T00:00:38Z"),
                 true) ==
        "orders.csv:2:42: created: order created at 2020-02-04T00:00:38Z, after its snapshot at "
        "2020-02-04T00:00:37Z");
}

TEST_CASE("load_score_input: a byte-order mark before the header is not part of a column name",
          "[score_input][reliability]") {
  const ScoreInput plain = load(kSnapshots, kOrders);
  const ScoreInput marked = load("\xEF\xBB\xBF" + kSnapshots, "\xEF\xBB\xBF" + kOrders);
  REQUIRE(marked.snapshots.size() == plain.snapshots.size());
  CHECK(marked.order_price == plain.order_price);
  CHECK(marked.miner_names == plain.miner_names);
}
