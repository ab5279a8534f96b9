#include "sim/io/miner_population.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/miners/economics.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/distribution.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

/// The type a miner key has (to round integers), looked up in every spec a miner table reads.
std::optional<engine::ParamType> key_type(const Registries& registries, const std::string& strategy,
                                          std::string_view key, bool in_economics) {
  if (in_economics) {
    const engine::ParamHolder<miners::EconomicsParams> economics(miners::economics_spec());
    if (const auto* info = economics.find(key)) return info->type;
    return std::nullopt;
  }
  if (const auto* kind = registries.strategies.find(strategy)) {
    const auto configured = kind->configure();
    if (const auto* info = configured->params().find(key)) return info->type;
  }
  const engine::ParamHolder<miners::MinerBehaviour> behaviour(miners::miner_behaviour_spec());
  if (const auto* info = behaviour.find(key)) return info->type;
  return engine::ParamType::kNumber;  // the account keys (balances)
}

struct Drawn {
  std::string key;  ///< "bid_spread" or "economics.reservation_yield"
  bool in_economics = false;
  Distribution distribution;
  bool integer = false;
};

}  // namespace

std::vector<MinerGroup> read_miner_populations(const TomlTableReader& document, std::uint64_t seed,
                                               const Registries& registries,
                                               const MinerReader& read_miner) {
  std::vector<MinerGroup> groups;
  for (const TomlTableReader& population :
       document.tables("miner_populations", TomlTableReader::kAnyKeys)) {
    const std::string name = population.require(population.string("name"), "name");
    const std::int64_t count = population.require(population.integer("count"), "count");
    if (count < 1 || count > 100'000) {
      population.fail("count", "must be in [1, 100000] (got " + std::to_string(count) + ")");
    }
    const std::string strategy = population.string("strategy").value_or("");
    std::vector<Drawn> drawn;
    for (const auto& [key, node] : population.raw()) {
      const std::string name_of_key(key.str());
      if (is_distribution(population, name_of_key)) {
        const auto type = key_type(registries, strategy, name_of_key, false);
        drawn.push_back({name_of_key, false, read_distribution(population, name_of_key),
                         type == engine::ParamType::kInteger});
      }
    }
    if (const auto economics = population.table("economics", TomlTableReader::kAnyKeys)) {
      for (const auto& [key, node] : economics->raw()) {
        const std::string name_of_key(key.str());
        if (is_distribution(*economics, name_of_key)) {
          const auto type = key_type(registries, strategy, name_of_key, true);
          drawn.push_back({name_of_key, true, read_distribution(*economics, name_of_key),
                           type == engine::ParamType::kInteger});
        }
      }
    }
    RandomStream random(derive_seed(seed, "population/" + name));
    MinerGroup model;
    model.name = name;
    model.count = static_cast<int>(count);
    for (int index = 0; index < count; ++index) {
      toml::table account = population.raw();
      account.erase("count");
      account.insert_or_assign("name", account_name(model, index));
      std::string draws;
      for (const Drawn& draw : drawn) {
        double value = draw.distribution.draw(random);
        toml::table& target =
            draw.in_economics ? *account.get_as<toml::table>("economics") : account;
        if (draw.integer) {
          target.insert_or_assign(draw.key, static_cast<std::int64_t>(std::llround(value)));
          value = std::round(value);
        } else {
          target.insert_or_assign(draw.key, value);
        }
        draws += std::string(draws.empty() ? "" : ", ") + (draw.in_economics ? "economics." : "") +
                 draw.key + " = " + format_number(value);
      }
      try {
        MinerGroup group = read_miner(TomlTableReader(account, population.file(), population.path(),
                                                      TomlTableReader::kAnyKeys));
        group.drawn = draws;
        groups.push_back(std::move(group));
      } catch (const InputError& error) {
        // A drawn value out of its key's range: say which account drew what; any other problem
        // is the population table's own, reported where it is.
        const std::string prefix = population.path() + ".";
        std::string key = error.location().key;
        if (key.starts_with(prefix)) key = key.substr(prefix.size());
        const bool drawn_key = std::any_of(drawn.begin(), drawn.end(), [&](const Drawn& d) {
          return key == (d.in_economics ? "economics." : "") + d.key;
        });
        if (!drawn_key) throw;
        population.fail(key.starts_with("economics.") ? "economics" : key,
                        "account " + account_name(model, index) + " drew a " + key +
                            " out of range: " + error.problem() +
                            "; bound the distribution with min and max");
      }
    }
  }
  return groups;
}

}  // namespace lmsim::sim::io
