# An lmsim started by an MPI launcher that cannot load its MPI module must stop with a clear error
# (exit status 2, the paths it tried), not run the whole sweep on every rank. A copy of lmsim in a
# directory without the module, in the environment mpirun gives its ranks. Invoked by CTest:
# cmake -DLMSIM=... -DSOURCE_DIR=... -DOUT=... -P.
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(COPY "${LMSIM}" DESTINATION "${OUT}")
get_filename_component(name "${LMSIM}" NAME)
set(ENV{OMPI_COMM_WORLD_SIZE} 2)
execute_process(COMMAND "${OUT}/${name}" sweep "${SOURCE_DIR}/scenarios/quickstart.toml"
                        --grid "miners[0].bid_spread=0.05,0.2" --out "${OUT}/sweep"
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "expected exit status 2, got ${status}: ${errors}")
endif()
if(NOT errors MATCHES "started by an MPI launcher but cannot load its MPI module lmsim-mpi.so"
   OR NOT errors MATCHES "${OUT}/lmsim-mpi.so")
  message(FATAL_ERROR "the error does not say what failed and where lmsim looked: ${errors}")
endif()
if(EXISTS "${OUT}/sweep")
  message(FATAL_ERROR "a sweep that could not start MPI left ${OUT}/sweep behind")
endif()
file(REMOVE_RECURSE "${OUT}")
