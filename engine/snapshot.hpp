#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/side.hpp"
#include "engine/time.hpp"

namespace lmsim::engine {

/// Dense miner index (0, 1, 2, …). Names live outside the engine; the engine only needs indices
/// to accumulate weights and rewards in flat arrays.
using MinerId = std::uint32_t;

/// Read-only columns of the miner orders resting at one snapshot instant (struct of arrays, so
/// the weight kernel streams contiguous doubles). All spans have the same length, except
/// `created`, which is empty when creation times are unknown. Prices are in quote currency,
/// amounts in base asset; both must be > 0.
struct OrderColumns {
  std::span<const MinerId> miner;
  std::span<const Side> side;
  std::span<const double> price;
  std::span<const double> amount;
  std::span<const Nanos> created;

  std::size_t size() const { return miner.size(); }
};

/// One snapshot: the instant it was taken, the market mid at that instant and the miners' orders
/// resting then. The engine never learns where it came from (simulation, replay or a CSV export).
struct Snapshot {
  Nanos time = 0;
  double mid = 0.0;
  OrderColumns orders;
};

/// An owning, reusable order table that hands out `OrderColumns`. `clear()` keeps the capacity,
/// so a producer that refills it every snapshot stops allocating once it has seen its largest one.
class OrderTable {
 public:
  void clear();
  void reserve(std::size_t count);
  void add(MinerId miner, Side side, double price, double amount);
  void add(MinerId miner, Side side, double price, double amount, Nanos created);

  std::size_t size() const { return miner_.size(); }
  OrderColumns columns() const;

 private:
  void push(MinerId miner, Side side, double price, double amount);

  std::vector<MinerId> miner_;
  std::vector<Side> side_;
  std::vector<double> price_;
  std::vector<double> amount_;
  std::vector<Nanos> created_;
};

}  // namespace lmsim::engine
