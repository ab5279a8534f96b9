#include "sim/io/score_export.hpp"

#include <cmath>

#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

ScoreExporter::ScoreExporter(const std::filesystem::path& snapshots_path,
                             const std::filesystem::path& orders_path, std::string pair,
                             std::vector<std::string> ledger_names)
    : snapshots_(snapshots_path, snapshots_path.string()),
      orders_(orders_path, orders_path.string()),
      pair_(std::move(pair)),
      names_(std::move(ledger_names)) {
  snapshots_ << "timestamp,market,mid_price\n";
  orders_ << "timestamp,market,miner,side,price,amount,created\n";
}

void ScoreExporter::on_snapshot(const SnapshotObservation& snapshot) {
  // A snapshot without a mid was scored with no orders; leaving its row out gives the same
  // rollover in `lmsim score`.
  if (!std::isfinite(snapshot.mid)) return;
  const std::string time = format_timestamp(snapshot.time);
  snapshots_ << time << ',' << pair_ << ',' << format_number(snapshot.mid) << '\n';
  const engine::OrderColumns orders = snapshot.orders->columns();
  for (std::size_t i = 0; i < orders.size(); ++i) {
    orders_ << time << ',' << pair_ << ',' << names_[orders.miner[i]] << ','
            << engine::side_name(orders.side[i]) << ',' << format_number(orders.price[i]) << ','
            << format_number(orders.amount[i]) << ',' << format_timestamp(orders.created[i])
            << '\n';
  }
}

void ScoreExporter::close() {
  snapshots_.close();
  orders_.close();
}

}  // namespace lmsim::sim::io
