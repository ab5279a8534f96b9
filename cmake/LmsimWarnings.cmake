# lmsim_configure_target(<target>) applies the project's warning policy, sanitizer switch and
# precompiled standard headers to one of lmsim's own targets. Third-party headers are included as
# SYSTEM so their warnings do not fail our build.

# The standard headers most of lmsim's files include. Parsing them is about a second of every
# file's compilation, so a target of several files parses them once (LMSIM_PCH).
set(LMSIM_PRECOMPILED_HEADERS
    <algorithm> <array> <cmath> <cstddef> <cstdint> <filesystem> <functional> <limits> <memory>
    <optional> <span> <stdexcept> <string> <string_view> <vector>)

function(lmsim_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict positives inside std::string concatenation (GCC PR 105651).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(LMSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(LMSIM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC documents that the sanitizers' instrumentation makes -Wmaybe-uninitialized report
      # false positives; GCC 12 reports them inside libstdc++'s <regex> (std::function moves in
      # _Compiler::_M_disjunction). The release build keeps the warning.
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  get_target_property(sources ${target} SOURCES)
  list(LENGTH sources source_count)
  if(LMSIM_PCH AND source_count GREATER 3)
    target_precompile_headers(${target} PRIVATE ${LMSIM_PRECOMPILED_HEADERS})
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      # Through a precompiled header GCC 12 no longer treats libstdc++'s inlined code as a
      # system header's, and reports its known false -Wstringop-overflow, -Wstringop-overread
      # and -Warray-bounds positives in std::string (GCC PR 105329, 105651). The build without
      # precompiled headers (the sanitizer build) keeps these warnings.
      target_compile_options(${target} PRIVATE -Wno-stringop-overflow -Wno-stringop-overread
                                               -Wno-array-bounds)
    endif()
  endif()
  if(LMSIM_FUZZ)
    # Coverage for libFuzzer in every library it drives; the fuzz targets link the fuzzer itself
    # (tests/fuzz/CMakeLists.txt).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# lmsim_optimise_lightly(<target> [SOURCES <file>...]) compiles code that runs once per command
# or once per run of a sweep (option and file parsing, key tables, report text, summaries, the
# loops of sweeps, tuning and calibration around the simulation) at -O1 in release builds: the
# whole target, or only the named sources. Their -O3 code generation was a large share of a
# fresh build while their run time is negligible; the simulation, scoring, replay, the metrics'
# computation and the results file keep -O3. Results do not depend on it: lmsim uses no
# fast-math, so every level computes the same IEEE doubles.
#
# In a unity build (LMSIM_UNITY), CMake leaves files with options of their own out of its batches,
# so the named sources are batched here instead: each batch is a generated file that includes
# them, compiled at -O1, and the sources themselves are listed but not compiled.
function(lmsim_optimise_lightly target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES")
  set(option "$<$<CONFIG:Release>:-O1>")
  if(NOT arg_SOURCES)
    target_compile_options(${target} PRIVATE "${option}")
  elseif(NOT LMSIM_UNITY)
    set_property(SOURCE ${arg_SOURCES} TARGET_DIRECTORY ${target} APPEND
                 PROPERTY COMPILE_OPTIONS "${option}")
  else()
    set_property(SOURCE ${arg_SOURCES} TARGET_DIRECTORY ${target} PROPERTY HEADER_FILE_ONLY ON)
    set(batch "")
    set(in_batch 0)
    set(batch_number 0)
    list(LENGTH arg_SOURCES remaining)
    foreach(source IN LISTS arg_SOURCES)
      string(APPEND batch "#include \"${CMAKE_CURRENT_SOURCE_DIR}/${source}\"\n")
      math(EXPR in_batch "${in_batch} + 1")
      math(EXPR remaining "${remaining} - 1")
      if(in_batch EQUAL LMSIM_UNITY_BATCH_SIZE OR remaining EQUAL 0)
        set(file "${CMAKE_CURRENT_BINARY_DIR}/${target}_light_${batch_number}.cpp")
        # Written only when its text changes, so that configuring again rebuilds nothing.
        file(CONFIGURE OUTPUT "${file}" CONTENT "/* generated by lmsim_optimise_lightly */\n${batch}")
        target_sources(${target} PRIVATE "${file}")
        set_source_files_properties("${file}" TARGET_DIRECTORY ${target} PROPERTIES
                                    COMPILE_OPTIONS "${option}")
        set(batch "")
        set(in_batch 0)
        math(EXPR batch_number "${batch_number} + 1")
      endif()
    endforeach()
  endif()
endfunction()

# lmsim_precompile_headers(<target> <header>...) precompiles, beside the standard headers, library
# headers most of a target's files include (LMSIM_PCH): heavy header-only libraries such as
# TOML++ cost about a second of every file that parses them.
function(lmsim_precompile_headers target)
  if(LMSIM_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
