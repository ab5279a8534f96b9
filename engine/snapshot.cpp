#include "engine/snapshot.hpp"

#include <stdexcept>

namespace lmsim::engine {

void OrderTable::clear() {
  miner_.clear();
  side_.clear();
  price_.clear();
  amount_.clear();
  created_.clear();
}

void OrderTable::reserve(std::size_t count) {
  miner_.reserve(count);
  side_.reserve(count);
  price_.reserve(count);
  amount_.reserve(count);
}

void OrderTable::add(MinerId miner, Side side, double price, double amount) {
  if (!created_.empty()) {
    throw std::invalid_argument("OrderTable: mixing orders with and without creation times");
  }
  push(miner, side, price, amount);
}

void OrderTable::add(MinerId miner, Side side, double price, double amount, Nanos created) {
  if (created_.size() != miner_.size()) {
    throw std::invalid_argument("OrderTable: mixing orders with and without creation times");
  }
  push(miner, side, price, amount);
  created_.push_back(created);
}

void OrderTable::push(MinerId miner, Side side, double price, double amount) {
  miner_.push_back(miner);
  side_.push_back(side);
  price_.push_back(price);
  amount_.push_back(amount);
}

OrderColumns OrderTable::columns() const {
  return OrderColumns{miner_, side_, price_, amount_, created_};
}

}  // namespace lmsim::engine
