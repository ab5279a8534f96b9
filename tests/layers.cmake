# The layers' includes (ARCHITECTURE.md): the linker keeps what each layer calls; this keeps what
# it includes, which the linker cannot see (a header-only library, an inline function). Fails when
# engine/ or sim/core/ includes a format library, a higher layer or a command-line library, or
# analysis/ includes sim/. Invoked by CTest: cmake -DSOURCE_DIR=... -P.
set(rules
  "engine|sim/|analysis/|toml\\+\\+|H5Cpp|hdf5|boost/program_options|zlib|fstream|iostream"
  "sim/core|sim/io/|sim/app/|sim/cli/|analysis/|toml\\+\\+|H5Cpp|hdf5|boost/|zlib|fstream|iostream"
  "sim/io|sim/app/|sim/cli/|boost/program_options"
  "sim/app|sim/cli/|boost/program_options"
  "analysis|sim/|toml\\+\\+|H5Cpp|hdf5|boost/program_options|fstream|iostream")
set(failures "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts folder)
  list(JOIN parts "|" forbidden)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.hpp" "${SOURCE_DIR}/${folder}/*.cpp")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^#include [<\"]")
    foreach(line IN LISTS includes)
      if(line MATCHES "^#include [<\"](${forbidden})")
        file(RELATIVE_PATH relative "${SOURCE_DIR}" "${file}")
        string(APPEND failures "\n  ${relative}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "includes that cross a layer:${failures}")
endif()
