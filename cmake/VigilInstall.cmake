# Installs headers, libvigil, the CLI, bundled plugins and the CMake package that lets
# third parties write `find_package(vigil)` and link `vigil::vigil` or `vigil::plugin_api`.
include(CMakePackageConfigHelpers)

set(VIGIL_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/vigil)
set(VIGIL_INSTALL_SHAREDIR ${CMAKE_INSTALL_DATADIR}/vigil)

set_target_properties(vigil_cli PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")

install(TARGETS vigil vigil_plugin_api EXPORT vigilTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS vigil_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY sdk/include/vigil DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
# What a plugin author needs beside the headers: the plugin template to copy and the
# documentation, under <prefix>/share/vigil/.
install(DIRECTORY samples/plugin_template DESTINATION ${VIGIL_INSTALL_SHAREDIR} COMPONENT dev)
install(DIRECTORY docs/ DESTINATION ${VIGIL_INSTALL_SHAREDIR}/docs COMPONENT dev
        FILES_MATCHING PATTERN "*.md")
install(FILES README.md DESTINATION ${VIGIL_INSTALL_SHAREDIR} COMPONENT dev)
install(EXPORT vigilTargets NAMESPACE vigil:: DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
        COMPONENT dev)

configure_package_config_file(cmake/vigilConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/vigilConfig.cmake
  INSTALL_DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
  PATH_VARS VIGIL_INSTALL_PLUGINDIR VIGIL_INSTALL_SHAREDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vigilConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vigilConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/vigilConfigVersion.cmake
              ${CMAKE_CURRENT_SOURCE_DIR}/cmake/VigilPlugin.cmake
        DESTINATION ${VIGIL_INSTALL_CMAKEDIR} COMPONENT dev)
