# BADPORT_STATIC_DEPS: point the imported ICU::uc, yaml-cpp and pugixml targets at Debian's static
# archives for this build (see the comment in the top-level CMakeLists.txt). Falls back to the
# shared libraries, with a message, when an archive is missing.

set(BADPORT_FMT_TARGET fmt::fmt)
if(NOT BADPORT_STATIC_DEPS)
  return()
endif()

if(TARGET fmt::fmt-header-only)
  set(BADPORT_FMT_TARGET fmt::fmt-header-only)
endif()

# Both archives: libicuuc.a's code is not position-independent, so with the shared libicudata
# its 30 MB of data would be copied into the process at every start (a copy relocation).
find_library(BADPORT_ICUUC_ARCHIVE NAMES libicuuc.a)
find_library(BADPORT_ICUDATA_ARCHIVE NAMES libicudata.a)
if(BADPORT_ICUUC_ARCHIVE AND BADPORT_ICUDATA_ARCHIVE AND TARGET ICU::uc AND TARGET ICU::data)
  find_package(Threads REQUIRED)
  foreach(component uc data)
    string(TOUPPER ${component} name)
    set(archive "${BADPORT_ICU${name}_ARCHIVE}")
    set_target_properties(ICU::${component} PROPERTIES IMPORTED_LOCATION "${archive}")
    foreach(config RELEASE DEBUG)
      get_target_property(location ICU::${component} IMPORTED_LOCATION_${config})
      if(location)
        set_target_properties(ICU::${component} PROPERTIES IMPORTED_LOCATION_${config} "${archive}")
      endif()
    endforeach()
  endforeach()
  # What libicuuc.so records as its own needs: its data, libdl, threads.
  set_property(TARGET ICU::uc APPEND PROPERTY INTERFACE_LINK_LIBRARIES ICU::data ${CMAKE_DL_LIBS} Threads::Threads)
else()
  message(STATUS "badport: no libicuuc.a and libicudata.a, linking the shared ICU")
endif()

if(TARGET yaml-cpp)
  find_library(BADPORT_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
  get_target_property(configs yaml-cpp IMPORTED_CONFIGURATIONS)
  if(BADPORT_YAML_CPP_ARCHIVE AND configs)
    foreach(config IN LISTS configs)
      set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION_${config} "${BADPORT_YAML_CPP_ARCHIVE}")
      set_property(TARGET yaml-cpp PROPERTY IMPORTED_SONAME_${config})
    endforeach()
  else()
    message(STATUS "badport: no libyaml-cpp.a, linking the shared yaml-cpp")
  endif()
endif()

# pugixml too: its shared library needs the shared libstdc++, which then costs every start of
# badport the dynamic loader's symbol look-ups that the static libstdc++ saved (check 6000 took
# 2.0 ms of CPU with it, against 0.5 ms for /bin/true). Debian's libpugixml.a is PIC.
if(TARGET pugixml::shared)
  find_library(BADPORT_PUGIXML_ARCHIVE NAMES libpugixml.a)
  get_target_property(configs pugixml::shared IMPORTED_CONFIGURATIONS)
  if(BADPORT_PUGIXML_ARCHIVE AND configs)
    foreach(config IN LISTS configs)
      set_target_properties(pugixml::shared PROPERTIES IMPORTED_LOCATION_${config} "${BADPORT_PUGIXML_ARCHIVE}")
      set_property(TARGET pugixml::shared PROPERTY IMPORTED_SONAME_${config})
    endforeach()
  else()
    message(STATUS "badport: no libpugixml.a, linking the shared pugixml")
  endif()
endif()
