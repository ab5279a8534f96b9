#include "sim/io/score_export.hpp"

#include <cmath>

#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

ScoreExporter::ScoreExporter(const std::filesystem::path& snapshots_path,
                             const std::filesystem::path& orders_path, const MarketSpec& spec,
                             std::vector<std::string> ledger_names)
    : snapshots_(snapshots_path, snapshots_path.string()),
      orders_(orders_path, orders_path.string()),
      pair_(spec.pair),
      tick_size_(spec.tick_size),
      lot_size_(spec.lot_size),
      tick_step_(spec.tick_size),
      lot_step_(spec.lot_size),
      names_(std::move(ledger_names)) {
  snapshots_ << "timestamp,market,mid_price\n";
  orders_ << "timestamp,market,miner,side,price,amount,created\n";
}

void ScoreExporter::on_snapshot(const SnapshotObservation& snapshot) {
  // A snapshot without a mid was scored with no orders; leaving its row out gives the same
  // rollover in `lmsim score`.
  if (!std::isfinite(snapshot.mid)) return;
  const std::string time = format_timestamp(snapshot.time);
  // The run's prices are whole ticks (mids half ticks) and its amounts whole lots.
  const auto steps = [](double value, double step, int divisor) {
    return static_cast<std::int64_t>(std::llround(value / step * divisor));
  };
  snapshots_ << time << ',' << pair_ << ','
             << tick_step_.text(steps(snapshot.mid, tick_size_, 2), 2) << '\n';
  const engine::OrderColumns orders = snapshot.orders->columns();
  for (std::size_t i = 0; i < orders.size(); ++i) {
    orders_ << time << ',' << pair_ << ',' << names_[orders.miner[i]] << ','
            << engine::side_name(orders.side[i]) << ','
            << tick_step_.text(steps(orders.price[i], tick_size_, 1)) << ','
            << lot_step_.text(steps(orders.amount[i], lot_size_, 1)) << ','
            << format_timestamp(orders.created[i]) << '\n';
  }
}

void ScoreExporter::close() {
  snapshots_.close();
  orders_.close();
}

}  // namespace lmsim::sim::io
