// Writes DIR/campaign.toml, DIR/snapshots.csv and DIR/orders.csv: one day of one-minute snapshots
// with ORDERS_PER_SNAPSHOT orders each from 1,000 miners, for timing `lmsim score` end to end.
// usage: make_score_bench_data DIR [ORDERS_PER_SNAPSHOT=10000]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/random_stream.hpp"
#include "sim/io/value_parse.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_score_bench_data DIR [ORDERS_PER_SNAPSHOT]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const long orders_per_snapshot = argc > 2 ? std::stol(argv[2]) : 10'000;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "campaign.toml") << R"([campaign]
name = "one-day benchmark"
reward_token = "ETH"
reward_decimals = 9
epoch_start = 2024-01-01T00:00:00Z
epoch_length = "1d"
snapshot_interval = "60s"
max_spread = 0.02
spread_factor = 8.0

[[campaign.markets]]
pair = "ETH-USDT"
budget = 3.0
)";
  lmsim::sim::RandomStream random(7);
  std::ofstream snapshots(dir / "snapshots.csv");
  std::ofstream orders(dir / "orders.csv");
  snapshots << "timestamp,market,mid_price\n";
  orders << "timestamp,market,miner,side,price,amount\n";
  const std::int64_t start = *lmsim::sim::io::parse_timestamp("2024-01-01T00:00:00Z");
  double mid = 2500.0;
  char line[160];
  for (int slot = 0; slot < 1440; ++slot) {
    const std::int64_t time = start + slot * 60'000'000'000LL +
                              static_cast<std::int64_t>(random.below(60'000)) * 1'000'000;
    const std::string stamp = lmsim::engine::format_timestamp(time);
    mid *= 1.0 + random.normal(0.0, 0.0005);
    std::snprintf(line, sizeof line, "%s,ETH-USDT,%.2f\n", stamp.c_str(), mid);
    snapshots << line;
    for (long i = 0; i < orders_per_snapshot; ++i) {
      const bool bid = random.bernoulli(0.5);
      const double spread = random.uniform(0.0, 0.03);
      const double price = bid ? mid * (1 - spread) : mid * (1 + spread);
      std::snprintf(line, sizeof line, "%s,ETH-USDT,miner%03u,%s,%.2f,%.4f\n", stamp.c_str(),
                    static_cast<unsigned>(random.below(1000)), bid ? "bid" : "ask", price,
                    random.uniform(0.01, 5.0));
      orders << line;
    }
  }
  return 0;
}
