# The layers of lmsim (ARCHITECTURE.md) are kept by the linker, twice:
# - at configure time, lmsim_check_layer() walks what a library links, transitively, and stops
#   the configuration when anything outside its allowed list appears (sim/core linking HDF5,
#   TOML++ or Boost.Program_options, say);
# - at build time, a small executable links the whole archive of the library with nothing but
#   what it is allowed to link, so that a call from a lower layer into a higher one (core calling
#   an io function) is an undefined symbol, not a silent dependency.

function(_lmsim_resolve_target name out)
  if(TARGET "${name}")
    get_target_property(aliased "${name}" ALIASED_TARGET)
    if(aliased)
      set(${out} "${aliased}" PARENT_SCOPE)
      return()
    endif()
  endif()
  set(${out} "${name}" PARENT_SCOPE)
endfunction()

function(_lmsim_collect_links target visited_var)
  set(visited ${${visited_var}})
  set(links "")
  get_target_property(type "${target}" TYPE)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct "${target}" LINK_LIBRARIES)
    if(direct)
      list(APPEND links ${direct})
    endif()
  endif()
  get_target_property(interface "${target}" INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND links ${interface})
  endif()
  foreach(link IN LISTS links)
    if(link MATCHES "^\\$<" OR link MATCHES "^-")
      continue()  # generator expressions and flags name no target
    endif()
    _lmsim_resolve_target("${link}" resolved)
    if(resolved IN_LIST visited)
      continue()
    endif()
    list(APPEND visited "${resolved}")
    if(TARGET "${resolved}")
      _lmsim_collect_links("${resolved}" visited)
    endif()
  endforeach()
  set(${visited_var} ${visited} PARENT_SCOPE)
endfunction()

# lmsim_check_layer(<library> ALLOWED <target>...): fails unless every library <library> links,
# directly or through others, is one of ALLOWED or something that an ALLOWED target of lmsim's
# own links in turn (so the allowed list names layers and third-party libraries, not their
# internals).
function(lmsim_check_layer library)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "ALLOWED")
  set(allowed "")
  foreach(name IN LISTS arg_ALLOWED)
    _lmsim_resolve_target("${name}" resolved)
    list(APPEND allowed "${resolved}")
    if(TARGET "${resolved}")
      set(below "")
      _lmsim_collect_links("${resolved}" below)
      list(APPEND allowed ${below})
    endif()
  endforeach()
  set(linked "")
  _lmsim_collect_links("${library}" linked)
  foreach(name IN LISTS linked)
    if(NOT name IN_LIST allowed)
      message(FATAL_ERROR "layer check: ${library} links ${name}, which its layer may not use "
                          "(allowed: ${arg_ALLOWED}; see ARCHITECTURE.md)")
    endif()
  endforeach()

  # Every object of the library, linked with nothing but what it declares: an undefined symbol
  # here is a call into a layer it does not link.
  set(check "${library}_layer_check")
  add_executable(${check} "${PROJECT_SOURCE_DIR}/cmake/layer_check_main.cpp")
  target_link_libraries(${check} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${library}>")
  set_target_properties(${check} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/layer_checks")
  if(LMSIM_SANITIZE)
    target_link_options(${check} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
