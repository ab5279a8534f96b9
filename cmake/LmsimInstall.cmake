# The install rules and the lmsim CMake package, included from the top CMakeLists when
# LMSIM_INSTALL is on (by default only when lmsim is the top-level project, so a project that adds
# lmsim as a subdirectory does not install it). `cmake --install BUILD --prefix P` installs
#   P/bin/lmsim                           the command
#   P/lib/lmsim/lmsim-mpi.so              its MPI module, when built with MPI
#   P/lib/liblmsim_engine.a               the scoring engine, exported as lmsim::engine
#   P/include/lmsim/engine/*.hpp          every header of the engine
#   P/lib/cmake/lmsim/lmsimConfig.cmake, lmsimConfigVersion.cmake, lmsimTargets*.cmake
# so that an outside project's find_package(lmsim 0.1 REQUIRED) gives lmsim::engine. The version
# is engine/version.hpp's; any 0.x satisfies a request for 0.1 (SameMajorVersion).
# scripts/test-install.sh checks all of it by building tests/install/consumer against an
# installed tree, as an outside project would.

include(CMakePackageConfigHelpers)

set(LMSIM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/lmsim")

install(TARGETS lmsim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The MPI module lmsim loads when an MPI launcher starts it (sim/app/mpi_cluster.cpp).
if(TARGET lmsim_mpi)
  install(TARGETS lmsim_mpi LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}/lmsim")
endif()
install(TARGETS lmsim_engine EXPORT lmsimTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        PUBLIC_HEADER DESTINATION "${LMSIM_INSTALL_INCLUDEDIR}/engine")
install(EXPORT lmsimTargets NAMESPACE lmsim:: DESTINATION "${LMSIM_INSTALL_CMAKEDIR}")

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/lmsimConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/lmsimConfig.cmake"
                              INSTALL_DESTINATION "${LMSIM_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/lmsimConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/lmsimConfig.cmake"
              "${PROJECT_BINARY_DIR}/lmsimConfigVersion.cmake"
        DESTINATION "${LMSIM_INSTALL_CMAKEDIR}")
