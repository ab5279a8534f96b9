#include "sim/core/miners/order_pricing.hpp"

namespace lmsim::sim::miners {

std::optional<Ticks> price_for_volume(const MinerView& view, Side side, double volume) {
  // OrderBook.c_get_price_for_volume (hummingbot/core/data_type/order_book.pyx).
  const MarketSpec& spec = view.spec();
  std::optional<Ticks> result;
  double cumulative = 0.0;
  view.book().walk_levels(side, [&](Ticks price, Lots quantity) {
    cumulative += spec.amount(quantity);
    if (cumulative >= volume) {
      result = price;
      return false;
    }
    return true;
  });
  return result;
}

double own_order_size(const MinerView& view, Side side) {
  if (!view.own_orders_in_book()) return 0.0;
  double size = 0.0;
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.closed && order.side == side) size = view.spec().amount(order.quantity);
  }
  return size;
}

void add_transaction_costs(const MinerView& view, HummingbotVersion version, Proposal& proposal) {
  const MarketSpec& spec = view.spec();
  // The fee's share of the notional: a proportional fee's rate (Hummingbot ignores flat fees).
  const auto rate = [&](const PriceSize& order) {
    const double notional = spec.price(order.price) * spec.amount(order.size);
    return notional > 0.0 ? view.fees().fee(notional, spec.amount(order.size), true) / notional
                          : 0.0;
  };
  for (PriceSize& buy : proposal.buys) {
    buy.price = quantize_price(spec, spec.price(buy.price) * (1.0 - rate(buy)), version);
  }
  for (PriceSize& sell : proposal.sells) {
    sell.price = quantize_price(spec, spec.price(sell.price) * (1.0 + rate(sell)), version);
  }
  std::erase_if(proposal.buys, [](const PriceSize& order) { return order.price <= 0; });
}

std::optional<std::string> order_override_problem(const engine::ParamRow& row) {
  const auto* side = row.size() == 3 ? std::get_if<std::string>(&row[0]) : nullptr;
  if (side == nullptr || (*side != "buy" && *side != "sell") ||
      !std::holds_alternative<double>(row[1]) || !std::holds_alternative<double>(row[2])) {
    return "each row must be [\"buy\" or \"sell\", spread percent, amount], e.g. "
           "[\"buy\", 0.5, 1.0]";
  }
  if (std::get<double>(row[2]) < 0.0) return "amounts must be >= 0";
  return std::nullopt;
}

void override_proposal(const MinerView& view, const std::vector<engine::ParamRow>& rows,
                       double buy_reference, double sell_reference, HummingbotVersion version,
                       Proposal& proposal) {
  const MarketSpec& spec = view.spec();
  for (const engine::ParamRow& row : rows) {
    const bool buy = std::get<std::string>(row[0]) == "buy";
    const double spread = std::get<double>(row[1]) / 100.0;
    const Lots size = quantize_amount(spec, std::get<double>(row[2]));
    const Ticks price = quantize_price(
        spec, buy ? buy_reference * (1.0 - spread) : sell_reference * (1.0 + spread), version);
    if (size > 0 && price > 0) (buy ? proposal.buys : proposal.sells).push_back({price, size});
  }
}

engine::ParamError not_in_release(HummingbotVersion version, const std::string& key,
                                  const std::string& history) {
  return engine::ParamError{
      key, "is not an option of Hummingbot " + std::string(hummingbot_version_tag(version)) +
               " (hummingbot_version = \"" + std::string(hummingbot_version_name(version)) +
               "\"); " + history};
}

}  // namespace lmsim::sim::miners
