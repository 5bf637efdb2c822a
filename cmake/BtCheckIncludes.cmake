# SPDX-License-Identifier: MIT
# Checks the module graph against the code: every #include of a bittensor-cpp header in a module's files
# (lib/<m>, include/bt/<m>, tests/<m>, examples/<m>, benchmarks/bench_<m>*, tests/fuzz/fuzz_<m>_*,
# bindings/python/<m>.cpp) must name a header of the module itself or of a module it depends on
# (directly or through others), as declared in cmake/BtModules.cmake.
#
#   cmake -DBT_SOURCE_DIR=<repo> -P cmake/BtCheckIncludes.cmake
#
# Exit status non-zero, with one line per offending #include, when the code and the table disagree.
cmake_minimum_required(VERSION 3.21)
if(NOT BT_SOURCE_DIR)
  get_filename_component(BT_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()
include(${BT_SOURCE_DIR}/cmake/BtModules.cmake)

# Header (path under include/bt, or a private "<module>/x.hpp" under lib/) -> owning module.
set(owned_headers "")
foreach(m IN LISTS BT_ALL_MODULES)
  foreach(h IN LISTS BT_MODULE_${m}_HEADERS)
    list(APPEND owned_headers ${h})
    set(owner_of_${h} ${m})
  endforeach()
endforeach()

function(header_owner header out)
  if(header IN_LIST owned_headers)
    set(${out} ${owner_of_${header}} PARENT_SCOPE)
  elseif(NOT header MATCHES "/")
    set(${out} core PARENT_SCOPE)  # bt/bytes.hpp, bt/result.hpp, ...
  else()
    string(REGEX REPLACE "/.*" "" dir "${header}")
    set(${out} ${dir} PARENT_SCOPE)
  endif()
endfunction()

# The modules each module may use: itself plus the transitive closure of its DEPS.
foreach(m IN LISTS BT_ALL_MODULES)
  set(closure ${m})
  foreach(d IN LISTS BT_MODULE_${m}_DEPS)
    list(APPEND closure ${closure_${d}})
  endforeach()
  list(REMOVE_DUPLICATES closure)
  set(closure_${m} ${closure})
endforeach()

set(errors "")
foreach(m IN LISTS BT_ALL_MODULES)
  file(GLOB_RECURSE files
       ${BT_SOURCE_DIR}/lib/${m}/*.cpp ${BT_SOURCE_DIR}/lib/${m}/*.hpp ${BT_SOURCE_DIR}/include/bt/${m}/*.hpp
       ${BT_SOURCE_DIR}/tests/${m}/*.cpp ${BT_SOURCE_DIR}/tests/${m}/*.hpp ${BT_SOURCE_DIR}/examples/${m}/*.cpp
       ${BT_SOURCE_DIR}/benchmarks/bench_${m}*.cpp ${BT_SOURCE_DIR}/tests/fuzz/fuzz_${m}_*.cpp)
  if(EXISTS ${BT_SOURCE_DIR}/bindings/python/${m}.cpp)
    list(APPEND files ${BT_SOURCE_DIR}/bindings/python/${m}.cpp)
  endif()
  if(m STREQUAL "core")
    file(GLOB core_headers ${BT_SOURCE_DIR}/include/bt/*.hpp)
    list(APPEND files ${core_headers})
  endif()
  # Headers of include/bt/<m> owned by another module (HEADERS) are checked as that module's files.
  set(checked "")
  foreach(f IN LISTS files)
    file(RELATIVE_PATH rel ${BT_SOURCE_DIR}/include/bt ${f})
    if(rel IN_LIST owned_headers AND NOT owner_of_${rel} STREQUAL m)
      continue()
    endif()
    list(APPEND checked ${f})
  endforeach()
  foreach(h IN LISTS BT_MODULE_${m}_HEADERS)
    list(APPEND checked ${BT_SOURCE_DIR}/include/bt/${h})
  endforeach()
  foreach(f IN LISTS checked)
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    file(RELATIVE_PATH frel ${BT_SOURCE_DIR} ${f})
    foreach(line IN LISTS lines)
      set(used "")
      if(line MATCHES "#[ \t]*include[ \t]*<bt/([^>]+)>")
        header_owner("${CMAKE_MATCH_1}" used)
      elseif(line MATCHES "#[ \t]*include[ \t]*\"([a-z0-9_]+)/[^\"]+\"")
        # private headers of lib/: "detail/..." is shared by all modules, "<module>/..." is private to one
        if(NOT CMAKE_MATCH_1 STREQUAL "detail" AND CMAKE_MATCH_1 IN_LIST BT_ALL_MODULES
           AND frel MATCHES "^lib/")
          set(used ${CMAKE_MATCH_1})
        endif()
      endif()
      if(used AND NOT used IN_LIST closure_${m})
        if(NOT used IN_LIST BT_ALL_MODULES)
          list(APPEND errors "${frel}: '${line}' names '${used}', which is not a module")
        else()
          list(APPEND errors "${frel} (module ${m}): '${line}' uses module '${used}', not a dependency of '${m}'")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()

if(errors)
  list(JOIN errors "\n  " text)
  message(FATAL_ERROR "module graph check: #includes outside the declared dependencies "
                      "(cmake/BtModules.cmake):\n  ${text}")
endif()
message(STATUS "module graph check: every #include stays inside the declared dependencies")
