# vigil_add_plugin(name SOURCES ... [NO_INSTALL]): builds a plugin shared library.
#
# Plugins include only the header-only plugin API (vigil/plugin.hpp) and never link
# libvigil. The library is written to the build tree's plugin folder so the build works
# like an install, and installed next to libvigil unless NO_INSTALL.
function(vigil_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE vigil::plugin_api)
  set_target_properties(${name} PROPERTIES PREFIX "")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  else()
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${VIGIL_BUILD_PLUGINDIR})
  endif()
  # A plugin must resolve every symbol at link time: a missing one fails here, not mid-scan.
  # (clang leaves sanitizer runtime symbols for the executable to provide.)
  if(NOT (VIGIL_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  vigil_set_warnings(${name})
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${VIGIL_INSTALL_PLUGINDIR} COMPONENT plugins)
  endif()
endfunction()
