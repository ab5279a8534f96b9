#include "sim/io/score_input.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/io/csv_reader.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/mapped_file.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using engine::Campaign;
using engine::Nanos;
using engine::Side;

// Hash lookups by string_view without building a std::string per row.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>{}(name);
  }
};
using NameIndex = std::unordered_map<std::string, engine::MinerId, NameHash, std::equal_to<>>;

constexpr double kMaxValue = 1e15;

constexpr std::string_view kTimestampExpected =
    "expected an ISO-8601 UTC time such as 2020-02-04T00:00:37Z or integer nanoseconds";

/// Field readers shared by both files: each either returns a checked value or throws with the
/// row's position. Columns are resolved once per file, so a row costs no name lookups.
class RowFields {
 public:
  explicit RowFields(const CsvReader& reader) : reader_(reader) {}

  std::string_view text(const CsvColumn& column) const { return reader_.field(column.index); }

  [[noreturn]] void fail(const CsvColumn& column, const std::string& problem) const {
    throw InputError(reader_.location(column.index, column.name), problem);
  }

  Nanos timestamp(const CsvColumn& column) const {
    const auto value = parse_timestamp(text(column));
    if (!value)
      fail(column, std::string(kTimestampExpected) + " (got " + io::quoted(text(column)) + ")");
    return *value;
  }

  /// The snapshot timestamp of a row; rows of one snapshot repeat its text, so an unchanged
  /// text is not parsed again.
  Nanos repeated_timestamp(const CsvColumn& column) {
    const std::string_view field = text(column);
    if (field != last_timestamp_text_) {
      last_timestamp_ = timestamp(column);
      last_timestamp_text_.assign(field);
    }
    return last_timestamp_;
  }

  /// A price or an amount: a finite number in (0, 10^15] (docs/score-inputs.md), so that no sum
  /// of weights or values a snapshot makes can overflow.
  double positive_number(const CsvColumn& column) const {
    const auto value = parse_number(text(column));
    if (!value) fail(column, "expected a number (got " + io::quoted(text(column)) + ")");
    if (!(*value > 0.0)) fail(column, "must be > 0 (got " + std::string(text(column)) + ")");
    if (*value > kMaxValue) {
      fail(column, "must be at most 1000000000000000 (got " + std::string(text(column)) + ")");
    }
    return *value;
  }

  std::uint32_t market(const CsvColumn& column, const Campaign& campaign) {
    const std::string_view pair = text(column);
    // Rows of one market usually come in runs; skip the scan while the name repeats.
    if (pair == last_pair_) return last_market_;
    for (std::size_t i = 0; i < campaign.markets.size(); ++i) {
      if (campaign.markets[i].pair == pair) {
        last_pair_ = std::string(pair);
        last_market_ = static_cast<std::uint32_t>(i);
        return last_market_;
      }
    }
    std::string listed;
    for (const auto& market : campaign.markets)
      listed += (listed.empty() ? "" : ", ") + market.pair;
    fail(column,
         "market " + io::quoted(pair) + " is not listed in the campaign (listed: " + listed + ")");
  }

 private:
  const CsvReader& reader_;
  std::string last_pair_;
  std::uint32_t last_market_ = 0;
  std::string last_timestamp_text_;
  Nanos last_timestamp_ = 0;
};

std::vector<SnapshotRecord> read_snapshots(const Campaign& campaign, const std::string& path) {
  const MappedFile file(path);
  CsvReader reader(file.text(), path);
  const CsvColumns columns(reader, {"timestamp", "market", "mid_price"}, {});
  const CsvColumn timestamp = columns.column("timestamp");
  const CsvColumn market = columns.column("market");
  const CsvColumn mid_price = columns.column("mid_price");
  RowFields row(reader);
  std::vector<SnapshotRecord> snapshots;
  while (reader.next_row()) {
    columns.check_width(reader);
    SnapshotRecord record;
    record.market = row.market(market, campaign);
    record.time = row.timestamp(timestamp);
    const auto slot = campaign.slot_at(record.time);
    if (!slot) {
      row.fail(timestamp, "snapshot at " + format_timestamp(record.time) +
                              " lies outside the campaign's epochs [" +
                              format_timestamp(campaign.epoch_start) + ", " +
                              format_timestamp(campaign.end()) + ")");
    }
    record.slot = *slot;
    record.mid = row.positive_number(mid_price);
    record.line = reader.line();
    snapshots.push_back(record);
  }
  // Scoring order. Stable, so that of two rows in one slot the later one is reported.
  std::stable_sort(snapshots.begin(), snapshots.end(), [](const auto& a, const auto& b) {
    return a.market != b.market ? a.market < b.market : a.slot < b.slot;
  });
  for (std::size_t i = 1; i < snapshots.size(); ++i) {
    const SnapshotRecord& first = snapshots[i - 1];
    const SnapshotRecord& second = snapshots[i];
    if (first.market == second.market && first.slot == second.slot) {
      const auto& later = first.line > second.line ? first : second;
      const auto& earlier = first.line > second.line ? second : first;
      throw InputError({path, later.line, 1, "timestamp"},
                       "second snapshot in slot " + std::to_string(later.slot) + " of market " +
                           io::quoted(campaign.markets[later.market].pair) + " (slot starts " +
                           format_timestamp(campaign.slot_start(later.slot)) +
                           "; the first is on line " + std::to_string(earlier.line) +
                           "); at most one snapshot per slot and market");
    }
  }
  return snapshots;
}

class SnapshotLookup {
 public:
  explicit SnapshotLookup(const std::vector<SnapshotRecord>& snapshots) : snapshots_(snapshots) {}

  /// Index of the snapshot of `market` taken at `time`, or nullopt.
  std::optional<std::uint32_t> find(std::uint32_t market, Nanos time) {
    if (last_ && snapshots_[*last_].market == market && snapshots_[*last_].time == time)
      return last_;
    // Sorted by (market, slot), hence by (market, time) as well.
    const auto it = std::lower_bound(snapshots_.begin(), snapshots_.end(), std::pair{market, time},
                                     [](const SnapshotRecord& record, const auto& key) {
                                       return record.market != key.first ? record.market < key.first
                                                                         : record.time < key.second;
                                     });
    if (it == snapshots_.end() || it->market != market || it->time != time) return std::nullopt;
    last_ = static_cast<std::uint32_t>(it - snapshots_.begin());
    return last_;
  }

 private:
  const std::vector<SnapshotRecord>& snapshots_;
  std::optional<std::uint32_t> last_;
};

std::optional<Side> parse_side(std::string_view text) {
  if (text == "bid" || text == "buy") return Side::kBid;
  if (text == "ask" || text == "sell") return Side::kAsk;
  return std::nullopt;
}

// Reorders the order columns so that each snapshot's orders are contiguous (a stable counting
// sort), unless they already are.
void group_by_snapshot(ScoreInput& input, const std::vector<std::uint32_t>& snapshot_of_order) {
  const std::size_t snapshot_count = input.snapshots.size();
  input.order_begin.assign(snapshot_count + 1, 0);
  for (const std::uint32_t snapshot : snapshot_of_order) ++input.order_begin[snapshot + 1];
  for (std::size_t i = 0; i < snapshot_count; ++i) input.order_begin[i + 1] += input.order_begin[i];
  if (std::is_sorted(snapshot_of_order.begin(), snapshot_of_order.end())) return;

  std::vector<std::size_t> next(input.order_begin.begin(), input.order_begin.end() - 1);
  std::vector<std::size_t> destination(snapshot_of_order.size());
  for (std::size_t i = 0; i < snapshot_of_order.size(); ++i) {
    destination[i] = next[snapshot_of_order[i]]++;
  }
  const auto permute = [&](auto& column) {
    if (column.empty()) return;
    std::remove_reference_t<decltype(column)> sorted(column.size());
    for (std::size_t i = 0; i < column.size(); ++i) sorted[destination[i]] = column[i];
    column.swap(sorted);
  };
  permute(input.order_miner);
  permute(input.order_side);
  permute(input.order_price);
  permute(input.order_amount);
  permute(input.order_created);
}

// Miner ids follow name order, so that the engine's tie-break (the smaller id wins an exact tie)
// favours the same miner here as in a simulated run, whatever order the file lists them in.
void number_miners_by_name(ScoreInput& input) {
  const std::size_t count = input.miner_names.size();
  std::vector<engine::MinerId> by_name(count);
  for (engine::MinerId id = 0; id < count; ++id) by_name[id] = id;
  std::sort(by_name.begin(), by_name.end(), [&](engine::MinerId a, engine::MinerId b) {
    return input.miner_names[a] < input.miner_names[b];
  });
  std::vector<engine::MinerId> rank(count);
  std::vector<std::string> names(count);
  for (engine::MinerId position = 0; position < count; ++position) {
    rank[by_name[position]] = position;
    names[position] = std::move(input.miner_names[by_name[position]]);
  }
  for (engine::MinerId& miner : input.order_miner) miner = rank[miner];
  input.miner_names = std::move(names);
}

void read_orders(const Campaign& campaign, const std::string& path, ScoreInput& input) {
  const MappedFile file(path);
  CsvReader reader(file.text(), path);
  const CsvColumns columns(reader, {"timestamp", "market", "miner", "side", "price", "amount"},
                           {"created"});
  const bool has_created = columns.find("created").has_value();
  const auto needed_by = campaign.make_rule()->creation_times_needed_by();
  if (needed_by && !has_created) {
    throw InputError({path, 1, 0, ""}, "missing column \"created\": the campaign sets " +
                                           *needed_by + ", which needs each order's creation time");
  }
  const CsvColumn timestamp = columns.column("timestamp");
  const CsvColumn market_column = columns.column("market");
  const CsvColumn miner_column = columns.column("miner");
  const CsvColumn side_column = columns.column("side");
  const CsvColumn price = columns.column("price");
  const CsvColumn amount = columns.column("amount");
  const CsvColumn created_column = has_created ? columns.column("created") : CsvColumn{};
  RowFields row(reader);
  SnapshotLookup lookup(input.snapshots);
  NameIndex miner_ids;
  std::string_view last_miner;
  engine::MinerId last_miner_id = 0;
  std::vector<std::uint32_t> snapshot_of_order;

  while (reader.next_row()) {
    columns.check_width(reader);
    const std::uint32_t market = row.market(market_column, campaign);
    const Nanos time = row.repeated_timestamp(timestamp);
    const auto snapshot = lookup.find(market, time);
    if (!snapshot) {
      row.fail(timestamp, "no snapshot of market " + io::quoted(campaign.markets[market].pair) +
                              " at " + format_timestamp(time) +
                              " (every order must match a row of the snapshots file)");
    }
    const std::string_view miner = row.text(miner_column);
    if (miner.empty()) row.fail(miner_column, "must not be empty");
    if (miner != last_miner) {
      auto it = miner_ids.find(miner);
      if (it == miner_ids.end()) {
        it =
            miner_ids
                .emplace(std::string(miner), static_cast<engine::MinerId>(input.miner_names.size()))
                .first;
        input.miner_names.emplace_back(miner);
      }
      last_miner = it->first;
      last_miner_id = it->second;
    }
    const auto side = parse_side(row.text(side_column));
    if (!side) {
      row.fail(side_column,
               "expected bid, ask, buy or sell (got " + io::quoted(row.text(side_column)) + ")");
    }
    input.order_miner.push_back(last_miner_id);
    input.order_side.push_back(*side);
    input.order_price.push_back(row.positive_number(price));
    input.order_amount.push_back(row.positive_number(amount));
    if (has_created) {
      const Nanos created = row.timestamp(created_column);
      if (created > time) {
        row.fail(created_column, "order created at " + format_timestamp(created) +
                                     ", after its snapshot at " + format_timestamp(time));
      }
      input.order_created.push_back(created);
    }
    snapshot_of_order.push_back(*snapshot);
  }
  number_miners_by_name(input);
  group_by_snapshot(input, snapshot_of_order);
}

}  // namespace

engine::Snapshot ScoreInput::snapshot(std::size_t index) const {
  const std::size_t begin = order_begin[index];
  const std::size_t count = order_begin[index + 1] - begin;
  const auto slice = [&](const auto& column) {
    return std::span(column).subspan(column.empty() ? 0 : begin, column.empty() ? 0 : count);
  };
  return engine::Snapshot{
      snapshots[index].time, snapshots[index].mid,
      engine::OrderColumns{slice(order_miner), slice(order_side), slice(order_price),
                           slice(order_amount), slice(order_created)}};
}

ScoreInput load_score_input(const Campaign& campaign, const std::string& snapshots_path,
                            const std::string& orders_path) {
  ScoreInput input;
  input.snapshots = read_snapshots(campaign, snapshots_path);
  read_orders(campaign, orders_path, input);
  return input;
}

}  // namespace lmsim::sim::io
