# Runs `${LMSIM} ${ARGS}` and fails unless its standard output equals the file ${EXPECTED}: keeps
# generated documentation (docs/keys.md) equal to what the code prints. Invoked by CTest:
# cmake -DLMSIM=... -DARGS=... -DEXPECTED=... -P.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${LMSIM}" ${args} RESULT_VARIABLE status OUTPUT_VARIABLE output
                ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "lmsim ${ARGS} failed (${status}): ${errors}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT output STREQUAL expected)
  message(FATAL_ERROR "${EXPECTED} is not what 'lmsim ${ARGS}' prints; regenerate it with "
                      "'lmsim ${ARGS} > ${EXPECTED}'")
endif()
