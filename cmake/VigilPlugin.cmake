# vigil_add_plugin(<target> [SOURCES] <source>... [OUTPUT_DIRECTORY <dir>] [NO_INSTALL])
#
# Builds a Vigil plugin: a MODULE library with no "lib" prefix, hidden visibility, every
# symbol resolved at link time, linking only the header-only plugin API (vigil::plugin_api;
# a plugin never links libvigil). Sources may follow the target directly or after SOURCES.
#
# The same function serves the SDK's own build (this file) and third parties (installed
# beside vigilConfig.cmake, which includes it):
#   - the library is written to OUTPUT_DIRECTORY, else to VIGIL_BUILD_PLUGINDIR when the
#     including project sets it (the SDK's build-tree plugin folder), else to the usual
#     build directory;
#   - unless NO_INSTALL, it is installed into VIGIL_INSTALL_PLUGINDIR when the including
#     project sets it (the SDK's own plugins). A third-party project deploys its plugin
#     with its own install(TARGETS <target> LIBRARY DESTINATION "${VIGIL_PLUGIN_DIR}").
function(vigil_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE vigil::plugin_api)
  set_target_properties(${name} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden
                                           VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(VIGIL_BUILD_PLUGINDIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${VIGIL_BUILD_PLUGINDIR})
  endif()
  # A plugin must resolve every symbol at link time: a missing one fails here, not mid-scan.
  # (clang leaves sanitizer runtime symbols for the executable to provide.)
  if(NOT (VIGIL_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  if(COMMAND vigil_set_warnings)
    vigil_set_warnings(${name})
  endif()
  if(NOT ARG_NO_INSTALL AND VIGIL_INSTALL_PLUGINDIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${VIGIL_INSTALL_PLUGINDIR} COMPONENT plugins)
  endif()
endfunction()
