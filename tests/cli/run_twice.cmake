# Runs a bundled scenario twice into two directories and fails unless both results are
# byte-identical. Invoked by CTest: cmake -DLMSIM=... -DSCENARIO=... -DOUT=... [-DEXTRA=...] -P.
separate_arguments(extra UNIX_COMMAND "${EXTRA}")
file(REMOVE_RECURSE "${OUT}")
foreach(run a b)
  execute_process(COMMAND "${LMSIM}" run "${SCENARIO}" --out "${OUT}/${run}" ${extra}
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "lmsim run ${SCENARIO} failed (${status}): ${errors}")
  endif()
endforeach()
foreach(file results.h5 summary.json)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}/a/${file}" "${OUT}/b/${file}"
                  RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "${SCENARIO}: ${file} differs between two runs with the same seed")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT}")
