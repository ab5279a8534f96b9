# Sources of the recorded-market readers (sim/replay/), compiled into lmsim::sim.
set(lmsim_replay_sources
  replay/bad_row.cpp
  replay/csv_stream.cpp
  replay/decimal_step.cpp
  replay/input_file.cpp
  replay/level_book.cpp
  replay/lobster_reader.cpp
  replay/market_units.cpp
  replay/merged_reader.cpp
  replay/row_checker.cpp
  replay/tardis_book_reader.cpp
  replay/tardis_snapshot_reader.cpp
  replay/tardis_trade_reader.cpp
  replay/top_book_groups.cpp
  replay/top_levels.cpp
)
