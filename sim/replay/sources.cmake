# Sources of the recorded-market readers (sim/replay/), compiled into lmsim::sim.
set(lmsim_replay_sources
)
