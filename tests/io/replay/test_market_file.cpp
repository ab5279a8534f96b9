// The market file format (sim/replay/market_file.hpp) written by MarketFileWriter and read back
// by Hdf5MarketReader: layout, attributes, streaming across chunks and slices, and one broken
// file per error the reader reports.
#include <H5Cpp.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/version.hpp"
#include "replay_fixtures.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/market_file.hpp"
#include "sim/io/replay/market_file_writer.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

/// A long synthetic stream: a snapshot, then levels and trades, times non-decreasing on both
/// clocks, every field varying (so that a column mix-up cannot go unnoticed).
std::vector<MarketEvent> synthetic_events(std::size_t count) {
  std::vector<MarketEvent> events;
  events.reserve(count);
  engine::Nanos time = 1'723'161'254'206'652'000;
  for (std::size_t i = 0; i < count; ++i) {
    const K kind = i == 0 ? K::kClear : (i % 7 == 3 ? K::kTrade : K::kLevel);
    if (i % 3 == 0) time += static_cast<engine::Nanos>(1000 + i % 11);
    MarketEvent event{time,
                      time + 5'000'000 + static_cast<engine::Nanos>(i % 5),
                      kind,
                      i % 2 == 0 ? Side::kBid : Side::kAsk,
                      6'183'763 + static_cast<Ticks>(i % 101) - 50,
                      static_cast<Lots>((i * 7919) % 100'000)};
    if (kind == K::kClear) event = MarketEvent{time, time, K::kClear, Side::kBid, 0, 0};
    events.push_back(event);
  }
  return events;
}

MarketFileInfo sample_info() {
  MarketFileInfo info;
  info.source_format = "tardis";
  info.units = {0.01, 1e-8};
  info.exchange = "binance";
  info.symbol = "BTCUSDT";
  info.inputs = {{"BTCUSDT_incremental_book_L2.csv.gz", std::string(64, 'a')},
                 {"BTCUSDT_trades.csv.gz", std::string(64, 'b')}};
  info.on_bad_row = OnBadRow::kSkip;
  info.bad_rows.off_tick = 2;
  info.bad_rows.unknown_aggressor = 1;
  info.bad_rows.dropped_rows = 3;
  return info;
}

MarketFileInfo write_file(const std::string& path, const std::vector<MarketEvent>& events,
                          MarketFileInfo info = sample_info(),
                          EventClock clock = EventClock::kExchange) {
  MarketFileWriter writer(path, clock);
  // Single events and spans, across the writer's batch size.
  const std::size_t split = std::min(events.size(), MarketFileWriter::kBatchEvents + 5);
  for (std::size_t i = 0; i < split; ++i) writer.append(events[i]);
  writer.append(std::span(events).subspan(split));
  return writer.finish(std::move(info));
}

std::vector<MarketEvent> read_batches(Hdf5MarketReader& reader, std::size_t batch) {
  std::vector<MarketEvent> events;
  std::vector<MarketEvent> buffer(batch);
  while (const std::size_t count = reader.next_batch(buffer))
    events.insert(events.end(), buffer.begin(),
                  buffer.begin() + static_cast<std::ptrdiff_t>(count));
  return events;
}

// Changes made to a written file with HDF5's own API, to build broken files.
void set_string_attribute(const std::string& path, const std::string& object,
                          const std::string& name, const std::string& value) {
  H5::H5File file(path, H5F_ACC_RDWR);
  H5::Group group = file.openGroup(object);
  if (group.attrExists(name)) group.removeAttr(name);
  const H5::StrType type(H5::PredType::C_S1, std::max<std::size_t>(value.size(), 1));
  group.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}
void set_int_attribute(const std::string& path, const std::string& name, std::int64_t value) {
  H5::H5File file(path, H5F_ACC_RDWR);
  H5::Group group = file.openGroup("/");
  if (group.attrExists(name)) group.removeAttr(name);
  group.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_INT64, &value);
}
void remove_attribute(const std::string& path, const std::string& name) {
  H5::H5File file(path, H5F_ACC_RDWR);
  file.openGroup("/").removeAttr(name);
}
void remove_object(const std::string& path, const std::string& object) {
  H5::H5File file(path, H5F_ACC_RDWR);
  file.unlink(object);
}
template <typename T>
void overwrite_element(const std::string& path, const std::string& object, hsize_t index, T value,
                       const H5::PredType& type) {
  H5::H5File file(path, H5F_ACC_RDWR);
  H5::DataSet dataset = file.openDataSet(object);
  H5::DataSpace space = dataset.getSpace();
  const hsize_t count[] = {1};
  const hsize_t start[] = {index};
  space.selectHyperslab(H5S_SELECT_SET, count, start);
  dataset.write(&value, type, H5::DataSpace(1, count), space);
}

/// The message of the InputError opening and reading `path` throws, from the file name on.
std::string open_error(const std::string& path) {
  return test::error_of([&] {
    Hdf5MarketReader reader(path, 1000);
    MarketEvent event;
    while (reader.next(event)) {
    }
  });
}

}  // namespace

TEST_CASE("MarketFile: UTC offsets and the inputs attribute as text", "[replay][market_file]") {
  CHECK(format_utc_offset(-4 * engine::kNanosPerHour) == "-04:00");
  CHECK(format_utc_offset(5 * engine::kNanosPerHour + 30 * engine::kNanosPerMinute) == "+05:30");
  CHECK(format_utc_offset(0) == "+00:00");
  CHECK(parse_utc_offset("-04:00") == -4 * engine::kNanosPerHour);
  CHECK(parse_utc_offset("+05:45") == 5 * engine::kNanosPerHour + 45 * engine::kNanosPerMinute);
  CHECK(parse_utc_offset("+23:59"));
  for (const char* bad : {"", "04:00", "-4:00", "+-4:00", "-04", "-0400", "+24:00", "+01:60",
                          "-04:00 ", "Z", "+0a:00"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_utc_offset(bad));
  }

  const std::vector<MarketFileInput> inputs = sample_info().inputs;
  const std::string text = market_inputs_text(inputs);
  CHECK(text == std::string(64, 'a') + "  BTCUSDT_incremental_book_L2.csv.gz\n" +
                    std::string(64, 'b') + "  BTCUSDT_trades.csv.gz\n");
  CHECK(parse_market_inputs_text(text) == inputs);
  CHECK(parse_market_inputs_text("") == std::vector<MarketFileInput>{});
  CHECK_FALSE(parse_market_inputs_text(std::string(64, 'a') + "  name"));  // no newline
  CHECK_FALSE(parse_market_inputs_text(std::string(64, 'A') + "  name\n"));
  CHECK_FALSE(parse_market_inputs_text(std::string(63, 'a') + "  name\n"));
  CHECK_FALSE(parse_market_inputs_text(std::string(64, 'a') + " name\n"));
}

TEST_CASE("MarketFile: events and info round-trip through the writer and the reader",
          "[replay][market_file]") {
  const test::TempDir dir;
  const std::string path = dir.file("market.h5");
  // Several int64 chunks (32 Ki rows) and a partial uint8 chunk (256 Ki rows).
  const std::vector<MarketEvent> events = synthetic_events(3 * 32768 + 1234);
  const MarketFileInfo written = write_file(path, events);
  CHECK(written.lmsim_version == engine::kVersion);
  CHECK(written.events.total() == static_cast<std::int64_t>(events.size()));
  CHECK(written.events.clear == 1);
  CHECK(written.first_time == events.front().time);
  CHECK(written.last_time == events.back().time);

  SECTION("event by event, in slices that do not divide the chunks") {
    for (const std::size_t slice : {std::size_t{1}, std::size_t{7}, std::size_t{10'000},
                                    Hdf5MarketReader::kDefaultSliceEvents, std::size_t{1} << 20}) {
      Hdf5MarketReader reader(path, slice);
      CAPTURE(slice);
      CHECK(reader.info() == written);
      CHECK(reader.size() == events.size());
      CHECK(test::read_all(reader) == events);
      CHECK(reader.position() == events.size());
      MarketEvent event;
      CHECK_FALSE(reader.next(event));  // and stays exhausted
      CHECK(reader.next_batch(std::span(&event, 1)) == 0);
    }
  }

  SECTION("in batches, mixed with next()") {
    Hdf5MarketReader reader(path, 5000);
    MarketEvent first;
    REQUIRE(reader.next(first));
    std::vector<MarketEvent> got{first};
    const std::vector<MarketEvent> rest = read_batches(reader, 4099);
    got.insert(got.end(), rest.begin(), rest.end());
    CHECK(got == events);
  }

  SECTION("decoded runs taken whole, mixed with next(), never read a slice ahead") {
    Hdf5MarketReader reader(path, 5000);
    CHECK(reader.decoded().empty());  // nothing is read before the first next()
    std::vector<MarketEvent> got;
    std::size_t take = 1;
    MarketEvent event;
    while (reader.next(event)) {
      got.push_back(event);
      const std::span<const MarketEvent> decoded = reader.decoded();
      // The rest of the slice next() read from, and no more.
      const std::size_t in_slice = got.size() % 5000;
      CHECK(decoded.size() ==
            (in_slice == 0 ? 0 : std::min(5000 - in_slice, events.size() - got.size())));
      CHECK(reader.position() == got.size());
      take = take * 3 % 4001;  // runs of many lengths, some the whole rest of the slice
      const std::size_t taken = std::min(take, decoded.size());
      got.insert(got.end(), decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(taken));
      reader.skip_decoded(taken);
      CHECK(reader.position() == got.size());
    }
    CHECK(got == events);
    CHECK(reader.decoded().empty());
  }

  SECTION("the reader exposes units and clock; it drops nothing itself") {
    const Hdf5MarketReader reader(path);
    CHECK(reader.tick_size() == 0.01);
    CHECK(reader.lot_size() == 1e-8);
    CHECK(reader.clock() == EventClock::kExchange);
    CHECK(reader.bad_rows() == BadRowCounts{});
    CHECK(reader.info().bad_rows.off_tick == 2);
    CHECK(reader.info().symbol == "BTCUSDT");
  }

  SECTION("the layout is as documented") {
    const sim::io::Hdf5Reader file(path);
    CHECK(file.members("/") == std::vector<std::string>{"events"});
    CHECK(file.members("/events") ==
          std::vector<std::string>{"kind", "local_time", "price", "quantity", "side", "time"});
    CHECK(file.attribute<std::string>("/", "format") == "lmsim-market");
    CHECK(file.attribute<std::int64_t>("/", "format_version") == 1);
    CHECK(file.attribute<std::string>("/", "clock") == "exchange");
    CHECK(file.attribute<std::string>("/", "on_bad_row") == "skip");
    CHECK(file.attribute<std::int64_t>("/", "bad_rows_unknown_aggressor") == 1);
    CHECK(file.attribute<std::int64_t>("/", "dropped_rows") == 3);
    CHECK(file.attribute<std::int64_t>("/", "local_time_is_time") == 0);
    CHECK(file.attribute<std::string>("/events/time", "units") == "ns since the Unix epoch (UTC)");
    CHECK(file.attribute<std::string>("/events/kind", "units") ==
          "0 = clear, 1 = level, 2 = trade");
    CHECK(file.attribute<std::string>("/events/price", "units") == "ticks of tick_size");
    const std::vector<std::uint8_t> kinds = file.read<std::uint8_t>("/events/kind");
    REQUIRE(kinds.size() == events.size());
    CHECK(kinds[3] == 2);
  }
}

TEST_CASE("MarketFile: empty streams, the local clock and LOBSTER's extras",
          "[replay][market_file]") {
  const test::TempDir dir;
  SECTION("no events") {
    const std::string path = dir.file("empty.h5");
    const MarketFileInfo written = write_file(path, {});
    CHECK(written.first_time == 0);
    Hdf5MarketReader reader(path);
    CHECK(reader.size() == 0);
    CHECK(test::read_all(reader).empty());
    CHECK(reader.info() == written);
  }
  SECTION("one clock: local_time is time, and is not read from the file") {
    const std::string path = dir.file("one_clock.h5");
    std::vector<MarketEvent> events = synthetic_events(70'000);
    for (MarketEvent& event : events) event.local_time = event.time;
    const MarketFileInfo written = write_file(path, events);
    CHECK(written.local_time_is_time);
    CHECK(sim::io::Hdf5Reader(path).attribute<std::int64_t>("/", "local_time_is_time") == 1);
    Hdf5MarketReader reader(path, 10'000);
    CHECK(reader.info().local_time_is_time);
    CHECK(test::read_all(reader) == events);
    // The column is still there for other readers.
    CHECK(sim::io::Hdf5Reader(path).read<std::int64_t>("/events/local_time").back() ==
          events.back().time);
  }
  SECTION("local clock: ordered by local_time") {
    const std::string path = dir.file("local.h5");
    std::vector<MarketEvent> events{{100, 10, K::kLevel, Side::kBid, 5, 1},
                                    {90, 20, K::kTrade, Side::kAsk, 6, 2}};
    CHECK_THROWS_AS(write_file(dir.file("bad.h5"), events), std::invalid_argument);
    const MarketFileInfo written = write_file(path, events, sample_info(), EventClock::kLocal);
    CHECK(written.clock == EventClock::kLocal);
    CHECK(written.first_time == 10);
    CHECK(written.last_time == 20);
    Hdf5MarketReader reader(path);
    CHECK(reader.clock() == EventClock::kLocal);
    CHECK(test::read_all(reader) == events);
  }
  SECTION("LOBSTER: trading date, offset, levels, omitted trades, trading status") {
    const std::string path = dir.file("lobster.h5");
    MarketFileInfo info = sample_info();
    info.source_format = "lobster";
    info.lobster = LobsterFileInfo{"2012-06-21",
                                   -4 * engine::kNanosPerHour,
                                   5,
                                   63,
                                   {{100, TradingStatusChange::Status::kHalted},
                                    {200, TradingStatusChange::Status::kTrading}}};
    const MarketFileInfo written = write_file(path, synthetic_events(10), info);
    CHECK(Hdf5MarketReader(path).info() == written);
    const sim::io::Hdf5Reader file(path);
    CHECK(file.attribute<std::string>("/lobster", "utc_offset") == "-04:00");
    CHECK(file.read<std::uint8_t>("/lobster/trading_status") == std::vector<std::uint8_t>{0, 2});
  }
}

TEST_CASE("MarketFile: the same events and info give byte-identical files",
          "[replay][market_file]") {
  const test::TempDir dir;
  const std::vector<MarketEvent> events = synthetic_events(50'000);
  write_file(dir.file("a.h5"), events);
  write_file(dir.file("b.h5"), events);
  CHECK(test::read_file(dir.file("a.h5")) == test::read_file(dir.file("b.h5")));
}

TEST_CASE("Hdf5MarketReader: broken and foreign files are clear errors", "[replay][market_file]") {
  const test::TempDir dir;
  const std::string path = dir.file("m.h5");
  write_file(path, synthetic_events(2000));

  CHECK(open_error(dir.file("missing.h5")) == "missing.h5: cannot open: no such file");
  CHECK(open_error(dir.write("text.h5", "time,price\n")) == "text.h5: not an HDF5 file");
  {
    sim::io::Hdf5Writer other(dir.file("results.h5"));
    other.set_attribute("/", "schema_version", 1);
    other.close();
  }
  CHECK(open_error(dir.file("results.h5")) ==
        "results.h5: not an lmsim market file (no \"format\" attribute; market files are "
        "written by 'lmsim convert')");

  SECTION("format and version") {
    set_string_attribute(path, "/", "format", "lmsim-results");
    CHECK(open_error(path) ==
          "m.h5: not an lmsim market file (format \"lmsim-results\", expected \"lmsim-market\")");
    set_string_attribute(path, "/", "format", "lmsim-market");
    set_int_attribute(path, "format_version", 2);
    CHECK(open_error(path) ==
          "m.h5: format_version 2 is newer than this lmsim reads (1); convert the data again or "
          "use a newer lmsim");
    set_int_attribute(path, "format_version", 0);
    CHECK(open_error(path) == "m.h5: unknown format_version 0");
  }
  SECTION("attributes") {
    set_string_attribute(path, "/", "clock", "wall");
    CHECK(open_error(path) ==
          "m.h5: /: attribute \"clock\": expected \"exchange\" or \"local\" (got \"wall\")");
    set_string_attribute(path, "/", "clock", "local");
    set_int_attribute(path, "local_time_is_time", 2);
    CHECK(open_error(path) == "m.h5: /: attribute \"local_time_is_time\": expected 0 or 1 (got 2)");
  }
  SECTION("attribute types") {
    set_string_attribute(path, "/", "tick_size", "0.01");
    CHECK(open_error(path) == "m.h5: /: attribute \"tick_size\" stored as string, not float64");
  }
  SECTION("missing attribute") {
    remove_attribute(path, "tick_size");
    CHECK(open_error(path) == "m.h5: /: attribute \"tick_size\" not found");
  }
  SECTION("event counts") {
    set_int_attribute(path, "events", 7);
    CHECK(open_error(path) ==
          "m.h5: /: attribute \"events\": 7 is not the sum of clear_events, level_events and "
          "trade_events (2000)");
    set_int_attribute(path, "events", 2001);
    set_int_attribute(path, "level_events", 1714);
    CHECK(open_error(path) ==
          "m.h5: /: attribute \"events\": 2001 but the event columns hold 2000");
  }
  SECTION("missing column") {
    remove_object(path, "/events/side");
    CHECK(open_error(path) == "m.h5: /events/side: dataset not found");
  }
  SECTION("bad values, reported with the event's index") {
    overwrite_element<std::uint8_t>(path, "/events/kind", 1500, 9, H5::PredType::NATIVE_UINT8);
    CHECK(open_error(path) ==
          "m.h5: /events/kind: event 1500: expected 0 (clear), 1 (level) or 2 (trade) (got 9)");
  }
  SECTION("a bad value read ahead is raised when the caller reaches its slice, not before") {
    overwrite_element<std::uint8_t>(path, "/events/kind", 1500, 9, H5::PredType::NATIVE_UINT8);
    Hdf5MarketReader reader(path, 1000);
    std::vector<MarketEvent> first(1000);
    CHECK(reader.next_batch(first) == 1000);
    CHECK(reader.position() == 1000);
    CHECK(reader.decoded().empty());  // what is decoded never reaches into the bad slice
    CHECK(test::error_of([&] { reader.next_batch(first); }) ==
          "m.h5: /events/kind: event 1500: expected 0 (clear), 1 (level) or 2 (trade) (got 9)");
    MarketEvent event;
    CHECK_FALSE(reader.next(event));  // and the reader stays finished
  }
  SECTION("a reader left part-way stops reading ahead when it goes") {
    Hdf5MarketReader reader(path, 7);
    MarketEvent event;
    CHECK(reader.next(event));
  }
  SECTION("bad side") {
    overwrite_element<std::uint8_t>(path, "/events/side", 3, 2, H5::PredType::NATIVE_UINT8);
    CHECK(open_error(path) == "m.h5: /events/side: event 3: expected 0 (bid) or 1 (ask) (got 2)");
  }
  SECTION("time order, across a slice boundary") {
    overwrite_element<std::int64_t>(path, "/events/time", 1000, 0, H5::PredType::NATIVE_INT64);
    CHECK(open_error(path) ==
          "m.h5: /events/time: event 1000 at 1970-01-01T00:00:00Z is earlier than the event "
          "before it at 2024-08-08T23:54:14.206987668Z (a market file is in time order on its "
          "exchange clock)");
  }
}
