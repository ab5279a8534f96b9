#include "sim/io/replay/market_file.hpp"

namespace lmsim::sim::replay {

namespace {

bool is_lower_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<int> two_digits(std::string_view text) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
    return std::nullopt;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

}  // namespace

std::string market_inputs_text(const std::vector<MarketFileInput>& inputs) {
  std::string text;
  for (const MarketFileInput& input : inputs) text += input.sha256 + "  " + input.name + "\n";
  return text;
}

std::optional<std::vector<MarketFileInput>> parse_market_inputs_text(std::string_view text) {
  std::vector<MarketFileInput> inputs;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // every line ends with '\n'
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (line.size() < 67 || line.substr(64, 2) != "  " || !is_lower_hex(line.substr(0, 64)))
      return std::nullopt;
    inputs.push_back({std::string(line.substr(66)), std::string(line.substr(0, 64))});
  }
  return inputs;
}

std::string format_utc_offset(engine::Nanos offset) {
  const engine::Nanos minutes = (offset < 0 ? -offset : offset) / engine::kNanosPerMinute;
  const auto hours = static_cast<int>(minutes / 60);
  const auto rest = static_cast<int>(minutes % 60);
  std::string text(1, offset < 0 ? '-' : '+');
  text += static_cast<char>('0' + hours / 10);
  text += static_cast<char>('0' + hours % 10);
  text += ':';
  text += static_cast<char>('0' + rest / 10);
  text += static_cast<char>('0' + rest % 10);
  return text;
}

std::optional<engine::Nanos> parse_utc_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  const std::optional<int> hours = two_digits(text.substr(1, 2));
  const std::optional<int> minutes = two_digits(text.substr(4, 2));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const engine::Nanos offset = *hours * engine::kNanosPerHour + *minutes * engine::kNanosPerMinute;
  return text[0] == '-' ? -offset : offset;
}

}  // namespace lmsim::sim::replay
