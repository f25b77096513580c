# Installs headers, libvigil, the CLI, bundled plugins and the CMake package that lets
# third parties write `find_package(vigil)` and link `vigil::vigil` or `vigil::plugin_api`.
include(CMakePackageConfigHelpers)

set(VIGIL_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/vigil)

set_target_properties(vigil_cli PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")

install(TARGETS vigil vigil_plugin_api EXPORT vigilTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS vigil_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY sdk/include/vigil DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
install(EXPORT vigilTargets NAMESPACE vigil:: DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
        COMPONENT dev)

configure_package_config_file(cmake/vigilConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/vigilConfig.cmake
  INSTALL_DESTINATION ${VIGIL_INSTALL_CMAKEDIR}
  PATH_VARS VIGIL_INSTALL_PLUGINDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vigilConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vigilConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/vigilConfigVersion.cmake
        DESTINATION ${VIGIL_INSTALL_CMAKEDIR} COMPONENT dev)
