// LOBSTER's reader on arbitrary message and orderbook files: the input is the message file, a
// line "#ORDERBOOK", then the orderbook file; its first byte chooses the bad-row policy. Every
// event is read.
#include <string>

#include "fuzz_support.hpp"
#include "sim/io/replay/lobster_reader.hpp"

using namespace lmsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto [messages, book] = fuzz::split_at(text, "\n#ORDERBOOK\n");
  const std::string messages_path = fuzz::scratch_file("message.csv", messages);
  const std::string book_path = fuzz::scratch_file("orderbook.csv", book);
  sim::replay::LobsterOptions options;
  options.trading_date = "2012-06-21";
  options.on_bad_row =
      (data[0] & 1) != 0 ? sim::replay::OnBadRow::kSkip : sim::replay::OnBadRow::kError;
  fuzz::expecting_input_errors([&] {
    sim::replay::LobsterReader reader(messages_path, book_path, options);
    sim::replay::MarketEvent event;
    while (reader.next(event)) {
    }
  });
  return 0;
}
