#include "sim/io/distribution.hpp"

#include <cmath>

#include "sim/io/input_error.hpp"
#include "sim/io/param_reader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

constexpr int kMaxRedraws = 1000;

}  // namespace

bool is_distribution(const TomlTableReader& table, std::string_view key) {
  const toml::node* node = table.raw().get(key);
  return node != nullptr && node->is_table() && node->as_table()->contains("dist");
}

Distribution read_distribution(const TomlTableReader& parent, std::string_view key) {
  const auto probe = parent.table(key, TomlTableReader::kAnyKeys);
  const std::string kind = probe->require(probe->string("dist"), "dist");
  KeyList keys;
  if (kind == "normal") {
    keys = {"dist", "mean", "sd", "min", "max"};
  } else if (kind == "lognormal") {
    keys = {"dist", "median", "sigma", "min", "max"};
  } else if (kind == "pareto") {
    keys = {"dist", "scale", "alpha", "min", "max"};
  } else if (kind == "uniform") {
    keys = {"dist", "low", "high", "min", "max"};
  } else {
    probe->fail("dist", unknown_name_problem("distribution", kind,
                                             {"normal", "lognormal", "pareto", "uniform"}));
  }
  const TomlTableReader table(probe->raw(), probe->file(), probe->path(), keys);
  const auto finite = [&](std::string_view name) {
    const double value = table.require(table.number(name), name);
    if (!std::isfinite(value)) {
      table.fail(name, "must be a finite number (got " + format_number(value) + ")");
    }
    return value;
  };
  const auto bounded = [&](std::string_view name, bool positive) {
    const double value = finite(name);
    if (positive ? !(value > 0.0) : !(value >= 0.0)) {
      table.fail(name, std::string("must be ") + (positive ? "> 0" : ">= 0") + " (got " +
                           format_number(value) + ")");
    }
    return value;
  };
  Distribution distribution;
  distribution.kind = kind;
  const InputLocation location = parent.location(key);
  distribution.where = location.file + ":" + std::to_string(location.line) + ":" +
                       std::to_string(location.column) + ": " + parent.key_path(key);
  if (kind == "normal") {
    distribution.a = finite("mean");
    distribution.b = bounded("sd", false);
  } else if (kind == "lognormal") {
    distribution.a = bounded("median", true);
    distribution.b = bounded("sigma", false);
  } else if (kind == "pareto") {
    distribution.a = bounded("scale", true);
    distribution.b = bounded("alpha", true);
  } else {
    distribution.a = finite("low");
    distribution.b = finite("high");
    if (distribution.b < distribution.a) table.fail("high", "must not be below low");
  }
  if (table.has("min")) distribution.min = finite("min");
  if (table.has("max")) distribution.max = finite("max");
  if (distribution.min && distribution.max && *distribution.max < *distribution.min) {
    table.fail("max", "must not be below min");
  }
  return distribution;
}

double Distribution::draw(RandomStream& random) const {
  for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
    double value = 0.0;
    if (kind == "normal") {
      value = random.normal(a, b);
    } else if (kind == "lognormal") {
      value = std::exp(std::log(a) + b * random.normal());
    } else if (kind == "pareto") {
      value = random.pareto(a, b);
    } else {
      value = random.uniform(a, b);
    }
    if ((!min || value >= *min) && (!max || value <= *max)) return value;
  }
  throw InputError({where, 0, 0, ""},
                   "fewer than one draw in a thousand falls within [min, max]: widen them");
}

}  // namespace lmsim::sim::io
