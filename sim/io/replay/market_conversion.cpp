#include "sim/io/replay/market_conversion.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <tuple>

#include "sim/io/input_error.hpp"
#include "sim/io/replay/input_file.hpp"
#include "sim/io/replay/lobster_reader.hpp"
#include "sim/io/replay/market_file_writer.hpp"
#include "sim/io/replay/merged_reader.hpp"
#include "sim/io/replay/sha256.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_file_kind.hpp"
#include "sim/io/replay/tardis_snapshot_reader.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

namespace fs = std::filesystem;

namespace {

// LOBSTER's equities: tick $0.01, lot 1 share (LOBSTER's README).
constexpr MarketUnits kLobsterUnits{0.01, 1.0};
// Events handed from the merged stream to the writer per call.
constexpr std::size_t kCopyEvents = 4096;

}  // namespace

void RecordedSource::check_one_market() const {
  const Input* reference = nullptr;
  for (const Input& source : inputs_) {
    if (source.symbol == nullptr || source.symbol->empty()) continue;
    if (reference == nullptr) {
      reference = &source;
      continue;
    }
    for (const auto& [what, mine, theirs] :
         {std::tuple{"exchange", source.exchange, reference->exchange},
          std::tuple{"symbol", source.symbol, reference->symbol}}) {
      if (*mine != *theirs) {
        throw io::InputError({source.path, 0, 0, ""},
                             std::string(what) + " " + sim::io::quoted(*mine) + " differs from " +
                                 sim::io::quoted(*theirs) + " in " + file_name(reference->path) +
                                 " (a market file holds one market)");
      }
    }
  }
}

const std::string& RecordedSource::exchange() const {
  static const std::string kNone;
  for (const Input& input : inputs_) {
    if (input.symbol != nullptr && !input.symbol->empty()) return *input.exchange;
  }
  return kNone;
}

const std::string& RecordedSource::symbol() const {
  static const std::string kNone;
  for (const Input& input : inputs_) {
    if (input.symbol != nullptr && !input.symbol->empty()) return *input.symbol;
  }
  return kNone;
}

namespace {

// The message file and the orderbook file of a LOBSTER pair: by LOBSTER's names when they say,
// else in the order given.
std::pair<std::string, std::string> lobster_pair(const std::vector<std::string>& inputs) {
  if (inputs.size() != 2) {
    throw io::InputError({},
                         "LOBSTER data is a message file and its orderbook file: give exactly "
                         "those two (got " +
                             std::to_string(inputs.size()) + " file" +
                             (inputs.size() == 1 ? "" : "s") + ")");
  }
  constexpr std::string_view kMessage = "_message_";
  constexpr std::string_view kOrderbook = "_orderbook_";
  const auto role = [&](const std::string& path) {
    const std::string name = file_name(path);
    if (name.find(kMessage) != std::string::npos) return 1;
    if (name.find(kOrderbook) != std::string::npos) return 2;
    return 0;
  };
  std::string messages = inputs[0];
  std::string book = inputs[1];
  const int first = role(messages);
  const int second = role(book);
  if (first != 0 && first == second) {
    throw io::InputError({book, 0, 0, ""}, std::string("a second LOBSTER ") +
                                               (first == 1 ? "message" : "orderbook") +
                                               " file besides " + file_name(messages) +
                                               " (expected a message file and its orderbook file)");
  }
  if (first == 2 || second == 1) std::swap(messages, book);
  if (role(messages) == 1 && role(book) == 2) {
    // TICKER_DATE_START_END_message_N.csv belongs with TICKER_DATE_START_END_orderbook_N.csv.
    const std::string message_name = file_name(messages);
    const std::string book_name = file_name(book);
    const std::size_t m = message_name.find(kMessage);
    const std::size_t o = book_name.find(kOrderbook);
    const auto level = [](std::string_view rest) { return rest.substr(0, rest.find('.')); };
    if (message_name.substr(0, m) != book_name.substr(0, o) ||
        level(std::string_view(message_name).substr(m + kMessage.size())) !=
            level(std::string_view(book_name).substr(o + kOrderbook.size()))) {
      throw io::InputError({book, 0, 0, ""},
                           "not the orderbook file of " + message_name +
                               " (LOBSTER names a pair TICKER_DATE_START_END_message_N.csv and "
                               "TICKER_DATE_START_END_orderbook_N.csv)");
    }
  }
  return {messages, book};
}

// The ticker of a LOBSTER file name "TICKER_YYYY-MM-DD_...", or "".
std::string lobster_ticker(const std::string& path) {
  const std::string name = file_name(path);
  const std::size_t underscore = name.find('_');
  if (underscore == std::string::npos || underscore == 0 || name.size() < underscore + 11)
    return "";
  const std::string_view date = std::string_view(name).substr(underscore + 1, 10);
  for (std::size_t i = 0; i < date.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? date[i] != '-' : (date[i] < '0' || date[i] > '9')) return "";
  }
  return name.substr(0, underscore);
}

MarketFileInput hashed(const std::string& path) {
  const std::string name = file_name(path);
  if (name.find('\n') != std::string::npos || name.find('\r') != std::string::npos) {
    throw io::InputError({path, 0, 0, ""},
                         "file names with line breaks cannot be recorded; rename the file");
  }
  return {name, sha256_file_hex(path)};
}

// Two inputs naming one file would be merged with themselves.
void check_distinct(const std::vector<std::string>& paths) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      std::error_code error;
      if (fs::equivalent(paths[i], paths[j], error)) {
        throw io::InputError({paths[i], 0, 0, ""},
                             "given twice (also as " + sim::io::quoted(paths[j]) + ")");
      }
    }
  }
}

// Streams `reader` into a market file at `output`. `check` runs once the first events are out
// (by then every input of a merge has read its first row) and again at the end; `complete`
// adds what the readers learnt on the way before the attributes are written.
template <typename Check, typename Complete>
MarketFileInfo write_stream(MarketEventReader& reader, const fs::path& output, MarketFileInfo info,
                            Check&& check, Complete&& complete) {
  MarketFileWriter writer(output, reader.clock());
  std::vector<MarketEvent> events(kCopyEvents);
  bool checked = false;
  while (const std::size_t count = reader.next_batch(events)) {
    writer.append(std::span<const MarketEvent>(events).first(count));
    if (!checked) {
      check();
      checked = true;
    }
  }
  check();
  info.bad_rows = reader.bad_rows();
  complete(info);
  return writer.finish(std::move(info));
}

MarketFileInfo convert_lobster(const ConversionOptions& options, const fs::path& output) {
  RecordedSource source = open_recorded_source(options);
  const LobsterReader& lobster = *source.lobster();
  MarketFileInfo info;
  info.source_format = recorded_format_name(RecordedFormat::kLobster);
  info.units = source.units();
  info.symbol = lobster_ticker(source.paths().front());
  for (const std::string& path : source.paths()) info.inputs.push_back(hashed(path));
  info.on_bad_row = options.on_bad_row;
  return write_stream(
      source.reader(), output, std::move(info), [] {},
      [&](MarketFileInfo& done) {
        LobsterFileInfo extra;
        extra.trading_date =
            engine::format_timestamp(lobster.midnight() + options.utc_offset).substr(0, 10);
        extra.utc_offset = options.utc_offset;
        extra.levels = static_cast<std::int64_t>(lobster.levels());
        extra.omitted_sub_tick_trades = lobster.omitted_sub_tick_trades();
        extra.trading_status_changes = lobster.trading_status_changes();
        done.lobster = std::move(extra);
      });
}

MarketFileInfo convert_tardis(const ConversionOptions& options, const fs::path& output) {
  RecordedSource source = open_recorded_source(options);
  MarketFileInfo info;
  info.source_format = recorded_format_name(RecordedFormat::kTardis);
  info.units = source.units();
  for (const std::string& path : source.paths()) info.inputs.push_back(hashed(path));
  info.on_bad_row = options.on_bad_row;
  const auto check = [&] { source.check_one_market(); };
  return write_stream(source.reader(), output, std::move(info), check, [&](MarketFileInfo& done) {
    done.exchange = source.exchange();
    done.symbol = source.symbol();
  });
}

}  // namespace

RecordedSource open_recorded_source(const ConversionOptions& options) {
  if (options.inputs.empty()) throw std::invalid_argument("open_recorded_source: no inputs");
  // An input that cannot be read is the first thing to report, before what its name or
  // content would say.
  for (const std::string& path : options.inputs) {
    const InputFile probe(path);
  }
  RecordedSource source;
  std::vector<std::unique_ptr<MarketEventReader>> readers;
  if (options.format == RecordedFormat::kLobster) {
    if (options.clock != EventClock::kExchange) {
      throw std::invalid_argument("LOBSTER data has the exchange clock only");
    }
    const auto [messages, book] = lobster_pair(options.inputs);
    LobsterOptions lobster_options;
    lobster_options.trading_date = options.trading_date;
    lobster_options.utc_offset = options.utc_offset;
    lobster_options.units = options.units.value_or(kLobsterUnits);
    lobster_options.on_bad_row = options.on_bad_row;
    check_distinct({messages, book});
    auto reader = std::make_unique<LobsterReader>(messages, book, lobster_options);
    source.lobster_ = reader.get();
    source.units_ = lobster_options.units;
    source.paths_ = {messages, book};
    readers.push_back(std::move(reader));
  } else {
    if (!options.units) {
      throw std::invalid_argument("tardis data needs its tick and lot sizes (no default)");
    }
    source.units_ = *options.units;
    const TardisOptions tardis{*options.units, options.clock, options.on_bad_row};
    // The type of every file first, so that a bad file is reported before any work is done.
    std::vector<std::pair<TardisFileKind, std::string>> files;
    for (const std::string& path : options.inputs) {
      files.emplace_back(detect_tardis_file_kind(path), path);
    }
    // A fixed merge order, whatever the order given: books before trades, so that at equal
    // times (MergedReader favours the earlier stream) the book is updated first; files of one
    // type by path.
    std::stable_sort(files.begin(), files.end());
    for (const auto& file : files) source.paths_.push_back(file.second);
    check_distinct(source.paths_);
    const auto add = [&](auto reader, const std::string& path) {
      source.inputs_.push_back({path, &reader->exchange(), &reader->symbol()});
      readers.push_back(std::move(reader));
    };
    for (const auto& [kind, path] : files) {
      switch (kind) {
        case TardisFileKind::kIncrementalBookL2:
          add(std::make_unique<TardisBookReader>(path, tardis), path);
          break;
        case TardisFileKind::kBookSnapshot:
          add(std::make_unique<TardisSnapshotReader>(path, tardis), path);
          break;
        case TardisFileKind::kTrades:
          add(std::make_unique<TardisTradeReader>(path, tardis), path);
          break;
      }
    }
  }
  source.reader_ = std::make_unique<MergedReader>(std::move(readers));
  return source;
}

std::string_view recorded_format_name(RecordedFormat format) {
  return format == RecordedFormat::kLobster ? "lobster" : "tardis";
}

MarketFileInfo convert_to_market_file(const ConversionOptions& options, const fs::path& output) {
  if (options.format == RecordedFormat::kLobster) return convert_lobster(options, output);
  return convert_tardis(options, output);
}

}  // namespace lmsim::sim::replay
