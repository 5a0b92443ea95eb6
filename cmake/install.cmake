# Install and export: the libraries, their headers, the CMake package (badport::badport,
# badport::io, with a version file), pkg-config files, and the executable with its man page
# and shell completions, in their GNUInstallDirs places.
#
# Both libraries are static, so a consumer also links their private dependencies. They are
# read from the targets' link libraries below, so a dependency added to src/ or io/ reaches
# badportConfig.cmake (find_dependency) and badport.pc (Requires.private) without an edit
# here; tests/consumer checks that the installed package still links.

include(CMakePackageConfigHelpers)

set(BADPORT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/badport" CACHE STRING
    "Where to install badport's CMake package, relative to the prefix")
mark_as_advanced(BADPORT_INSTALL_CMAKEDIR)

# Walks a target's link libraries, skipping build-only ones, and returns:
#   <out>_INTERNAL   badport's own library targets it links (aliases resolved), to export too
#   <out>_PACKAGES   "Name" or "Name|component" per imported target, for find_dependency
#   <out>_PC         pkg-config module names
#   <out>_LIBS       plain linker items (-pthread, m) for Libs.private
function(badport_collect_dependencies target out)
  set(internal "")
  set(packages "")
  set(pc "")
  set(libs "")
  get_target_property(items ${target} LINK_LIBRARIES)
  if(NOT items)
    set(items "")
  endif()
  foreach(item IN LISTS items)
    if(item MATCHES "^\\$<BUILD_INTERFACE:")
      continue()
    endif()
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    set(imported TRUE)
    if(TARGET ${item})
      get_target_property(aliased ${item} ALIASED_TARGET)
      if(aliased)
        set(item ${aliased})
      endif()
      get_target_property(imported ${item} IMPORTED)
      if(NOT imported)
        get_target_property(type ${item} TYPE)
        if(NOT type MATCHES "^(STATIC|SHARED|OBJECT)_LIBRARY$")
          message(FATAL_ERROR "${target} links ${item}, a ${type} target that must not be installed: "
                              "link it as $<BUILD_INTERFACE:${item}>")
        endif()
        list(APPEND internal ${item})
        continue()
      endif()
    elseif(NOT item MATCHES "::")
      set(imported FALSE)
    endif()
    # An imported target, or a Package::target name whose find_package() ran in a subfolder
    # (imported targets are scoped to the folder that found them, such as CURL in io/).
    if(imported)
      if(item MATCHES "^([^:]+)::(.+)$")
        set(package "${CMAKE_MATCH_1}")
        set(component "${CMAKE_MATCH_2}")
      else()
        set(package "${item}")
        set(component "")
      endif()
      if(package STREQUAL "ICU")
        list(APPEND packages "ICU|${component}")
        if(component STREQUAL "i18n")
          list(APPEND pc icu-i18n)
        else()
          list(APPEND pc icu-uc)
        endif()
      elseif(package STREQUAL "Threads")
        list(APPEND packages Threads)
        list(APPEND libs -pthread)
      elseif(package STREQUAL "CURL")
        # -lcurl, not the libcurl module: `pkg-config --static libcurl` asks for the static
        # archives of curl's own dependencies, which Debian does not ship.
        list(APPEND packages CURL)
        list(APPEND libs -lcurl)
      elseif(package STREQUAL "Boost")
        list(APPEND packages "Boost|${component}")
      elseif(package MATCHES "^(fmt|yaml-cpp|nlohmann_json|pugixml)$")
        list(APPEND packages ${package})
        list(APPEND pc ${package})
      else()
        list(APPEND packages ${package})
        message(WARNING "badport: ${target} links ${item}; add its pkg-config name to cmake/install.cmake")
      endif()
    elseif(NOT item STREQUAL "")
      if(item MATCHES "^-")
        list(APPEND libs "${item}")
      else()
        list(APPEND libs "-l${item}")
      endif()
    endif()
  endforeach()
  foreach(var internal packages pc libs)
    list(REMOVE_DUPLICATES ${var})
  endforeach()
  set(${out}_INTERNAL "${internal}" PARENT_SCOPE)
  set(${out}_PACKAGES "${packages}" PARENT_SCOPE)
  set(${out}_PC "${pc}" PARENT_SCOPE)
  set(${out}_LIBS "${libs}" PARENT_SCOPE)
endfunction()

# badport_collect_dependencies over the target and every badport library it links, directly
# or not; <out>_INTERNAL is that closure, the target excluded.
function(badport_collect_closure target out)
  set(todo ${target})
  set(done "")
  foreach(var packages pc libs)
    set(all_${var} "")
  endforeach()
  while(todo)
    list(POP_FRONT todo current)
    if(current IN_LIST done)
      continue()
    endif()
    list(APPEND done ${current})
    badport_collect_dependencies(${current} one)
    list(APPEND todo ${one_INTERNAL})
    foreach(var packages pc libs)
      string(TOUPPER ${var} VAR)
      list(APPEND all_${var} ${one_${VAR}})
    endforeach()
  endwhile()
  list(REMOVE_ITEM done ${target})
  foreach(var packages pc libs)
    list(REMOVE_DUPLICATES all_${var})
  endforeach()
  set(${out}_INTERNAL "${done}" PARENT_SCOPE)
  set(${out}_PACKAGES "${all_packages}" PARENT_SCOPE)
  set(${out}_PC "${all_pc}" PARENT_SCOPE)
  set(${out}_LIBS "${all_libs}" PARENT_SCOPE)
endfunction()

# The libraries people link (badport, badport_io) and every badport library they need (such
# as a scanner library), exported together.
set(BADPORT_PUBLIC_TARGETS badport)
if(TARGET badport_io)
  list(APPEND BADPORT_PUBLIC_TARGETS badport_io)
endif()
set(BADPORT_EXPORTED_TARGETS "")
set(BADPORT_ALL_PACKAGES "")
foreach(target IN LISTS BADPORT_PUBLIC_TARGETS)
  badport_collect_closure(${target} dep)
  list(APPEND BADPORT_EXPORTED_TARGETS ${target} ${dep_INTERNAL})
  list(APPEND BADPORT_ALL_PACKAGES ${dep_PACKAGES})
endforeach()
list(REMOVE_DUPLICATES BADPORT_EXPORTED_TARGETS)

# find_dependency() lines for the package config, components of one package merged.
set(BADPORT_FIND_DEPENDENCIES "")
set(seen "")
foreach(entry IN LISTS BADPORT_ALL_PACKAGES)
  string(REGEX REPLACE "\\|.*$" "" package "${entry}")
  if(package IN_LIST seen)
    continue()
  endif()
  list(APPEND seen ${package})
  set(components "")
  foreach(other IN LISTS BADPORT_ALL_PACKAGES)
    if(other MATCHES "^${package}\\|(.+)$")
      list(APPEND components ${CMAKE_MATCH_1})
    endif()
  endforeach()
  if(components)
    list(REMOVE_DUPLICATES components)
    list(JOIN components " " components)
    string(APPEND BADPORT_FIND_DEPENDENCIES "find_dependency(${package} COMPONENTS ${components})\n")
  else()
    string(APPEND BADPORT_FIND_DEPENDENCIES "find_dependency(${package})\n")
  endif()
endforeach()

# Libraries and headers.
install(TARGETS ${BADPORT_EXPORTED_TARGETS}
  EXPORT badportTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/badport
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT development
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

# The CMake package.
install(EXPORT badportTargets
  NAMESPACE badport::
  DESTINATION ${BADPORT_INSTALL_CMAKEDIR}
  COMPONENT development)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/badportConfig.cmake.in
  ${PROJECT_BINARY_DIR}/badportConfig.cmake
  INSTALL_DESTINATION ${BADPORT_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/badportConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/badportConfig.cmake
  ${PROJECT_BINARY_DIR}/badportConfigVersion.cmake
  DESTINATION ${BADPORT_INSTALL_CMAKEDIR}
  COMPONENT development)

# pkg-config files, written at install time so that they name the prefix actually installed
# to (`cmake --install build --prefix /opt/x` gives prefix=/opt/x). badport-io requires
# badport and lists the other badport libraries it needs itself.
foreach(target IN LISTS BADPORT_PUBLIC_TARGETS)
  if(target STREQUAL "badport")
    set(pc_name badport)
    set(pc_requires_public "")
  else()
    set(pc_name badport-io)
    set(pc_requires_public "Requires: badport = ${PROJECT_VERSION}")
  endif()
  badport_collect_closure(${target} dep)
  set(pc_libs_public "")
  foreach(lib IN LISTS target dep_INTERNAL)
    if(lib STREQUAL "badport" AND NOT target STREQUAL "badport")
      continue()  # from Requires: badport
    endif()
    get_target_property(output_name ${lib} OUTPUT_NAME)
    if(NOT output_name)
      set(output_name ${lib})
    endif()
    string(APPEND pc_libs_public " -l${output_name}")
  endforeach()
  # Modules whose headers badport's headers include (linked PUBLIC, such as libcurl for
  # badport/io/curl_guard.h) go in Requires, so that their Cflags reach the consumer.
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  set(pc_public "")
  foreach(item IN LISTS interface)
    if(item MATCHES "^ICU::")
      list(APPEND pc_public icu-uc)
    elseif(item MATCHES "^(fmt|yaml-cpp|nlohmann_json)(::|$)")
      list(APPEND pc_public ${CMAKE_MATCH_1})
    endif()
  endforeach()
  if(pc_public)
    list(REMOVE_ITEM dep_PC ${pc_public})
    list(JOIN pc_public ", " pc_public)
    if(pc_requires_public)
      string(APPEND pc_requires_public ", ${pc_public}")
    else()
      set(pc_requires_public "Requires: ${pc_public}")
    endif()
  endif()
  list(JOIN dep_PC ", " pc_requires)
  if(pc_requires)
    set(pc_requires "Requires.private: ${pc_requires}")
  endif()
  list(JOIN dep_LIBS " " pc_libs)
  set(pc_out ${PROJECT_BINARY_DIR}/pkgconfig/${pc_name}.pc)
  foreach(dir LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
      set(pc_dir "${CMAKE_INSTALL_${dir}}")
    else()
      set(pc_dir "\${prefix}/${CMAKE_INSTALL_${dir}}")
    endif()
    string(TOLOWER "pc_${dir}" var)
    set(${var} "${pc_dir}")
  endforeach()
  install(CODE "
    set(PROJECT_DESCRIPTION [[${PROJECT_DESCRIPTION}]])
    set(PROJECT_HOMEPAGE_URL [[${PROJECT_HOMEPAGE_URL}]])
    set(PROJECT_VERSION [[${PROJECT_VERSION}]])
    set(BADPORT_PC_REQUIRES_PUBLIC [[${pc_requires_public}]])
    set(BADPORT_PC_REQUIRES [[${pc_requires}]])
    set(BADPORT_PC_LIBS [[${pc_libs_public}]])
    set(BADPORT_PC_LIBS_PRIVATE [[${pc_libs}]])
    set(BADPORT_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    set(BADPORT_PC_LIBDIR [[${pc_libdir}]])
    set(BADPORT_PC_INCLUDEDIR [[${pc_includedir}]])
    configure_file([[${CMAKE_CURRENT_LIST_DIR}/${pc_name}.pc.in]] [[${pc_out}]] @ONLY)
  " COMPONENT development)
  install(FILES ${pc_out} DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endforeach()

# The executable, its man page and shell completions.
if(TARGET badport_cli)
  install(TARGETS badport_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  # `badport fetch` runs this helper (tools/cli/CMakeLists.txt says why).
  install(TARGETS badport_fetch_helper RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/badport COMPONENT runtime)
  install(FILES ${PROJECT_SOURCE_DIR}/doc/badport.1
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/badport.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME badport COMPONENT runtime)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/_badport
    DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT runtime)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/badport.fish
    DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT runtime)
endif()
