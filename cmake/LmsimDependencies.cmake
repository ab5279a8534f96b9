# Every third-party dependency is found here, once, with the minimum version lmsim is tested with.
# All of them come from Debian 12 packages (see scripts/install-deps.sh).

# The engine links Eigen publicly, so the installed package looks for it again with this minimum
# (cmake/lmsimConfig.cmake.in).
set(LMSIM_EIGEN_MIN_VERSION 3.4)
find_package(Eigen3 ${LMSIM_EIGEN_MIN_VERSION} REQUIRED NO_MODULE)
# Static archives of the libraries every start of lmsim loads, where Debian installs them (all
# but TOML++'s and NLopt's): each shared library is a few hundred page faults and relocations at
# start-up, dear on a virtual machine, and a short run or `lmsim score` pays them every time. The
# linker takes only the objects lmsim calls. Off: the shared libraries.
option(LMSIM_STATIC_LIBS "Link the static archives of Boost.Program_options, libcrypto, yaml-cpp, libdeflate, zlib and libaec (shorter start-up)" ON)
set(Boost_USE_STATIC_LIBS ${LMSIM_STATIC_LIBS})
set(OPENSSL_USE_STATIC_LIBS ${LMSIM_STATIC_LIBS})
set(ZLIB_USE_STATIC_LIBS ${LMSIM_STATIC_LIBS})
# FindOpenSSL and FindZLIB cache the libraries they found: looked up afresh when the option changes.
if(NOT "${LMSIM_STATIC_LIBS_FOUND_AS}" STREQUAL "${LMSIM_STATIC_LIBS}")
  foreach(variable OPENSSL_CRYPTO_LIBRARY OPENSSL_SSL_LIBRARY ZLIB_LIBRARY ZLIB_LIBRARY_RELEASE
                   ZLIB_LIBRARY_DEBUG)
    unset(${variable} CACHE)
  endforeach()
  set(LMSIM_STATIC_LIBS_FOUND_AS "${LMSIM_STATIC_LIBS}" CACHE INTERNAL
      "LMSIM_STATIC_LIBS when the libraries were looked up")
endif()
# The static archive beside a shared library (/x/liby.so.1.2 -> /x/liby.a), when there is one;
# otherwise the path as given. The C library's own (libm, libdl, libpthread, librt) stay shared.
function(lmsim_static_sibling path out)
  set(result "${path}")
  if(LMSIM_STATIC_LIBS AND NOT path MATCHES "/lib(c|m|dl|pthread|rt)\\.so"
     AND path MATCHES "^(.*/lib[^/]+)\\.so(\\.[0-9.]+)?$")
    if(EXISTS "${CMAKE_MATCH_1}.a")
      set(result "${CMAKE_MATCH_1}.a")
    endif()
  endif()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()
# program_options for the CLI; Boost::headers (always defined with Boost) for the header-only
# Boost.Math that analysis/ uses for Student-t quantiles (Debian: libboost-math-dev).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
include(CheckIncludeFileCXX)
set(CMAKE_REQUIRED_INCLUDES ${Boost_INCLUDE_DIRS})
check_include_file_cxx(boost/math/distributions/students_t.hpp LMSIM_HAVE_BOOST_MATH)
unset(CMAKE_REQUIRED_INCLUDES)
if(NOT LMSIM_HAVE_BOOST_MATH)
  message(FATAL_ERROR "Boost.Math headers not found (Debian: apt-get install libboost-math-dev)")
endif()
find_package(tomlplusplus 3.3 REQUIRED)
# HDF5's static archives by default: Debian's shared HDF5 brings about 35 shared libraries (libcurl
# and its TLS, LDAP and Kerberos stacks, for a read-only S3 driver lmsim never uses), and loading
# them was most of what a short run cost before it simulated anything. From the archives the
# linker takes only the objects lmsim calls. Off: the shared libraries, as any HDF5 program.
option(LMSIM_HDF5_STATIC "Link HDF5's static archives (shorter start-up)" ON)
set(HDF5_USE_STATIC_LIBRARIES ${LMSIM_HDF5_STATIC})
# FindHDF5 caches the libraries it found: when the option changes (or a tree configured before it
# existed is configured again), they are looked up afresh.
if(NOT "${LMSIM_HDF5_STATIC_FOUND_AS}" STREQUAL "${LMSIM_HDF5_STATIC}")
  get_cmake_property(lmsim_cached CACHE_VARIABLES)
  foreach(variable IN LISTS lmsim_cached)
    if(variable MATCHES "^HDF5_(C|CXX)_LIBRARY_")
      unset(${variable} CACHE)
    endif()
  endforeach()
  set(LMSIM_HDF5_STATIC_FOUND_AS "${LMSIM_HDF5_STATIC}" CACHE INTERNAL
      "LMSIM_HDF5_STATIC when HDF5 was looked up")
endif()
find_package(HDF5 1.10 COMPONENTS C CXX)
if(NOT HDF5_FOUND)
  message(FATAL_ERROR "HDF5 1.10 or later, C and C++ (with LMSIM_HDF5_STATIC: its static archives "
                      "libhdf5.a and libhdf5_cpp.a), not found: install libhdf5-dev, or configure "
                      "with -DLMSIM_HDF5_STATIC=OFF for the shared libraries")
endif()
find_package(ZLIB 1.2 REQUIRED)
# libdeflate: whole-buffer deflate of HDF5 chunks, two to three times zlib's speed
# (sim/io/zlib_codec.cpp; Debian: libdeflate-dev). It has no CMake package before 1.15.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate>=1.14)
# Optional: sweeps across the ranks of an MPI job (Debian: libopenmpi-dev, openmpi-bin). Without
# it lmsim builds and sweeps on threads. Only MPI's C interface is used: the C++ bindings'
# library (and its relocations at every start of lmsim) would buy nothing.
find_package(MPI 3.1 COMPONENTS C)
if(MPI_C_FOUND)
  set(LMSIM_WITH_MPI ON)
else()
  set(LMSIM_WITH_MPI OFF)
  message(STATUS "MPI not found: lmsim sweep runs on threads only")
endif()
# libcrypto: SHA-256 checksums of replay inputs and results (sim/io/replay/sha256.cpp).
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
# yaml-cpp: Hummingbot's strategy configs (sim/io/hummingbot_config.cpp, lmsim import-hummingbot).
find_package(yaml-cpp 0.7 REQUIRED)
# Neither yaml-cpp's package nor pkg-config's imported libdeflate has a static switch.
get_target_property(lmsim_configs yaml-cpp IMPORTED_CONFIGURATIONS)
foreach(config IN LISTS lmsim_configs)
  get_target_property(location yaml-cpp IMPORTED_LOCATION_${config})
  lmsim_static_sibling("${location}" location)
  set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION_${config} "${location}")
endforeach()
get_target_property(lmsim_links PkgConfig::LIBDEFLATE INTERFACE_LINK_LIBRARIES)
set(lmsim_static_links "")
foreach(link IN LISTS lmsim_links)
  lmsim_static_sibling("${link}" link)
  list(APPEND lmsim_static_links "${link}")
endforeach()
set_target_properties(PkgConfig::LIBDEFLATE PROPERTIES INTERFACE_LINK_LIBRARIES "${lmsim_static_links}")
# NLopt's derivative-free optimisers for `lmsim calibrate` (sim/app/calibrate.cpp; Debian:
# libnlopt-cxx-dev). Debian installs the C++ build's package config under cmake/nlopt_cxx, with
# the same package name (NLopt) as the C build's: look there first, for NLopt::nlopt_cxx.
find_path(LMSIM_NLOPT_CXX_DIR NLoptConfig.cmake
          PATH_SUFFIXES lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/nlopt_cxx lib/cmake/nlopt_cxx)
if(LMSIM_NLOPT_CXX_DIR)
  set(NLopt_DIR "${LMSIM_NLOPT_CXX_DIR}" CACHE PATH "NLopt's C++ package config" FORCE)
endif()
find_package(NLopt 2.7 REQUIRED CONFIG)
if(NOT TARGET NLopt::nlopt_cxx)
  message(FATAL_ERROR "NLopt's C++ library not found (Debian: apt-get install libnlopt-cxx-dev)")
endif()

if(NOT TARGET lmsim_hdf5)
  # FindHDF5 reports variables, not a target; wrap them so consumers link one name.
  add_library(lmsim_hdf5 INTERFACE)
  target_include_directories(lmsim_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
  # What HDF5 links in turn (szip, zlib), from their archives too; libsz.a needs libaec.a.
  set(lmsim_hdf5_links "")
  foreach(library IN LISTS HDF5_CXX_LIBRARIES HDF5_LIBRARIES)
    lmsim_static_sibling("${library}" static)
    list(APPEND lmsim_hdf5_links "${static}")
    if(static MATCHES "/libsz\\.a$")
      string(REGEX REPLACE "libsz\\.a$" "libaec.a" aec "${static}")
      if(EXISTS "${aec}")
        list(APPEND lmsim_hdf5_links "${aec}")
      endif()
    endif()
  endforeach()
  target_link_libraries(lmsim_hdf5 INTERFACE ${lmsim_hdf5_links})
  target_compile_definitions(lmsim_hdf5 INTERFACE ${HDF5_DEFINITIONS})
  add_library(lmsim::hdf5 ALIAS lmsim_hdf5)
endif()

if(LMSIM_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  include(Catch)
endif()

if(LMSIM_BUILD_BENCHMARKS)
  find_package(benchmark 1.7 REQUIRED)
endif()
