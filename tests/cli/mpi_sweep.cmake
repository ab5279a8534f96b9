# A sweep across two MPI ranks must write the same bytes as one process on threads. Invoked by
# CTest when lmsim is built with MPI: cmake -DMPIEXEC=... -DLMSIM=... -DOUT=... -P.
set(args sweep "${SOURCE_DIR}/scenarios/quickstart.toml" --grid "miners[0].bid_spread=0.05,0.2"
         --replicates 3 --set "sim.duration=\"5m\"" --set "campaign.epoch_length=\"3m\"" --force)
file(REMOVE_RECURSE "${OUT}")
# OpenMPI refuses to start as root unless told; CI machines often run as root.
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
# Under AddressSanitizer, OpenMPI's own start-up allocations (its op tables, plugins it unloads)
# are never freed and LeakSanitizer reports them at exit; leaks are checked on every lmsim test
# that does not start the MPI runtime, memory errors here too.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
execute_process(COMMAND "${MPIEXEC}" -n 2 --oversubscribe "${LMSIM}" ${args} --jobs 1
                        --out "${OUT}/mpi"
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "mpirun -n 2 lmsim sweep failed (${status}): ${errors}")
endif()
execute_process(COMMAND "${LMSIM}" ${args} --jobs 2 --out "${OUT}/threads"
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "lmsim sweep failed (${status}): ${errors}")
endif()
foreach(file sweep.h5 sweep.csv)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}/mpi/${file}"
                          "${OUT}/threads/${file}" RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "${file} differs between two MPI ranks and two threads")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT}")
