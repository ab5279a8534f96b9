// The campaign loader on arbitrary text, and a property: a campaign that loads is written back
// (campaign_to_toml, as --export-score-inputs does) as text that loads to the same campaign.
#include <string>

#include "fuzz_support.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expecting_input_errors([&] {
    const engine::Campaign campaign =
        sim::io::campaign_from_toml(sim::io::parse_toml(text, "c.toml"), "c.toml");
    const std::string written = sim::io::campaign_to_toml(campaign);
    const engine::Campaign again =
        sim::io::campaign_from_toml(sim::io::parse_toml(written, "again.toml"), "again.toml");
    fuzz::require(sim::io::campaign_to_toml(again) == written);
  });
  return 0;
}
