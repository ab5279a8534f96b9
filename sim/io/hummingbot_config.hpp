#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/registries.hpp"

namespace lmsim::sim::io {

// Hummingbot strategy config files (the YAML that `create` writes, conf_<strategy>_<n>.yml) as
// lmsim miners. The mapping, key by key, is in docs/miners.md ("Importing a Hummingbot
// config").

/// What an import says besides the table.
struct HummingbotImportOptions {
  std::string name;     ///< the miner group's name; the file's stem (made valid) when empty
  std::string version;  ///< "2020", "2021" or "current"; inferred from the keys when empty
};

/// Turns the Hummingbot config text `yaml` (read from `file`, for messages) into a
/// `[[miners]]` table: `strategy: pure_market_making` becomes strategy "pure_market_making",
/// `avellaneda_market_making` becomes "avellaneda_stoikov"; every option becomes the lmsim key of
/// the same meaning (seconds and days become durations, Hummingbot's comma lists arrays, its
/// order_override dict rows, the nested modes of the current Avellaneda–Stoikov config flat
/// keys), checked by the strategy's own spec, so a value Hummingbot's validators refuse or an
/// option the release did not have is refused here too. `exchange`, `market` and
/// `template_version` become comments, and so do options that are left unset (null) or that
/// Hummingbot itself ignores in this config (an external price source's keys with
/// `price_source: current_market`). Throws InputError — `file:line:col: key: problem` — for a
/// key lmsim cannot honour (an external or custom price source, an unknown option, suggesting
/// the closest name), a value of the wrong type, or text that is not YAML.
std::string import_hummingbot_config(std::string_view yaml, const std::string& file,
                                     const HummingbotImportOptions& options,
                                     const Registries& registries);

/// import_hummingbot_config of the file at `path`; a missing file is an InputError.
std::string import_hummingbot_file(const std::string& path, const HummingbotImportOptions& options,
                                   const Registries& registries);

}  // namespace lmsim::sim::io
