// `lmsim import-hummingbot` end to end: exit statuses and the table on stdout.
#include <catch2/catch.hpp>

#include "support/run_command.hpp"

using namespace lmsim::test;

TEST_CASE("lmsim import-hummingbot: prints the table, exits 0", "[cli][import]") {
  const CommandResult result = run_lmsim(
      {"import-hummingbot", "tests/data/hummingbot/conf_pure_mm_2021.yml", "--name", "maker"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("[[miners]]\nname = \"maker\"\nstrategy = \"pure_market_making\"\n") !=
        std::string::npos);
  CHECK(result.err.empty());
}

TEST_CASE("lmsim import-hummingbot: bad input exits 2 with file, line and option",
          "[cli][import]") {
  const CommandResult missing = run_lmsim({"import-hummingbot", "no/such.yml"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "lmsim: error: no/such.yml: cannot read file\n");
  const CommandResult version =
      run_lmsim({"import-hummingbot", "tests/data/hummingbot/conf_avellaneda_current.yml",
                 "--version", "2021"});
  CHECK(version.exit_code == 2);
  CHECK(version.err ==
        "lmsim: error: tests/data/hummingbot/conf_avellaneda_current.yml:7:3: "
        "execution_timeframe_mode: is not an option of Hummingbot v0.45.0 (69c42994) "
        "(hummingbot_version = \"2021\"); it belongs to later releases (hummingbot_version = "
        "\"current\")\n");
  const CommandResult no_file = run_lmsim({"import-hummingbot"});
  CHECK(no_file.exit_code == 2);
}
