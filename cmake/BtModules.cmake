# SPDX-License-Identifier: MIT
# The module graph of the library: the one place where each module states what it depends on.
#
#   bt_module(<name> [DEPS <module>...] [EXTERNAL <dependency>...] [HEADERS <path under include/bt>...])
#
# A module is the directory lib/<name> (sources), include/bt/<name> (public headers, "core" owns the
# headers directly under include/bt/), tests/<name>, examples/<name>, benchmarks/bench_<name>*.cpp and
# tests/fuzz/fuzz_<name>_*.cpp. DEPS lists the modules whose headers its sources and headers include
# (direct dependencies only; the order of the table is a valid build order). EXTERNAL lists third-party
# dependencies of its implementation (see BtDependencies.cmake); no public header includes a third-party
# header. HEADERS names public headers that live in another module's directory but belong to this one.
#
# BT_MODULES selects the modules to build ("all" or a list). A selected module whose dependency is not
# selected is a configure error naming the missing module; nothing is pulled in silently.
# scripts/check-modules configures subsets and checks that the #includes of each module stay inside its
# declared dependencies (cmake -P cmake/BtCheckIncludes.cmake).

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.21)  # script mode (scripts/check-modules): the policies of the project
endif()

set(BT_ALL_MODULES "")

macro(bt_module name)
  cmake_parse_arguments(_btm "" "" "DEPS;EXTERNAL;HEADERS" ${ARGN})
  foreach(_dep IN LISTS _btm_DEPS)
    if(NOT _dep IN_LIST BT_ALL_MODULES)
      message(FATAL_ERROR "module table: '${name}' depends on '${_dep}', which is not declared before it")
    endif()
  endforeach()
  list(APPEND BT_ALL_MODULES ${name})
  set(BT_MODULE_${name}_DEPS ${_btm_DEPS})
  set(BT_MODULE_${name}_EXTERNAL ${_btm_EXTERNAL})
  set(BT_MODULE_${name}_HEADERS ${_btm_HEADERS})
endmacro()

# ---- the table ------------------------------------------------------------------------------------
#         module     DEPS (modules)                        EXTERNAL (third-party, implementation only)
bt_module(core                                               EXTERNAL sodium)
bt_module(fixed      DEPS core                               EXTERNAL boost)
bt_module(yuma       DEPS core fixed                         EXTERNAL json)
# BLAKE2b, twox, Keccak, SHA-2, HMAC, PBKDF2 (bt/crypto/hashing.hpp) and the CryptoError codes they return.
bt_module(hashing    DEPS core                               EXTERNAL sodium xxhash
                     HEADERS crypto/hashing.hpp crypto/error.hpp)
bt_module(crypto     DEPS core hashing                       EXTERNAL sodium secp256k1 openssl)
bt_module(wallet     DEPS core crypto                        EXTERNAL sodium json)
bt_module(scale      DEPS core)
bt_module(metadata   DEPS core scale hashing                 EXTERNAL json)
bt_module(rpc        DEPS core                               EXTERNAL boost openssl threads json)
# extrinsic is an offline codec; the chain I/O that signs and submits (client/submit.hpp) sits in client.
bt_module(extrinsic  DEPS core hashing crypto scale metadata)
bt_module(client     DEPS core hashing crypto rpc scale metadata extrinsic EXTERNAL json)
bt_module(subtensor  DEPS core hashing crypto wallet scale metadata extrinsic client)
# The metagraph of a subnet read through the client, and the next epoch predicted with yuma (its
# local-chain test submits extrinsics).
bt_module(metagraph  DEPS core fixed yuma hashing crypto scale metadata extrinsic client EXTERNAL json)
# ---------------------------------------------------------------------------------------------------

# bt_resolve_modules(): validates BT_MODULES against the table and sets BT_ENABLED_MODULES (table
# order) and BT_ENABLED_EXTERNAL (third-party dependencies of the enabled modules).
function(bt_resolve_modules)
  set(requested ${BT_MODULES})
  # Build trees configured before the module table cache the old default (every module then known, no
  # hashing): keep them building everything.
  set(old_default core fixed yuma crypto wallet scale metadata rpc client extrinsic subtensor)
  set(old_full TRUE)
  foreach(m IN LISTS old_default)
    if(NOT m IN_LIST requested)
      set(old_full FALSE)
    endif()
  endforeach()
  if("${requested}" STREQUAL "all" OR "${requested}" STREQUAL "" OR (old_full AND NOT "hashing" IN_LIST requested))
    set(requested ${BT_ALL_MODULES})
  endif()
  list(REMOVE_DUPLICATES requested)
  foreach(m IN LISTS requested)
    if(NOT m IN_LIST BT_ALL_MODULES)
      message(FATAL_ERROR "BT_MODULES: unknown module '${m}' (known: ${BT_ALL_MODULES})")
    endif()
  endforeach()
  set(missing_msgs "")
  foreach(m IN LISTS requested)
    foreach(dep IN LISTS BT_MODULE_${m}_DEPS)
      if(NOT dep IN_LIST requested)
        list(APPEND missing_msgs "module '${m}' needs module '${dep}'")
      endif()
    endforeach()
  endforeach()
  if(missing_msgs)
    list(JOIN missing_msgs "; " text)
    message(FATAL_ERROR "BT_MODULES='${BT_MODULES}' is missing dependencies: ${text}. "
                        "Add them to BT_MODULES (the module table is cmake/BtModules.cmake).")
  endif()
  set(enabled "")
  set(external "")
  foreach(m IN LISTS BT_ALL_MODULES)
    if(m IN_LIST requested)
      list(APPEND enabled ${m})
      list(APPEND external ${BT_MODULE_${m}_EXTERNAL})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES external)
  set(BT_ENABLED_MODULES ${enabled} PARENT_SCOPE)
  set(BT_ENABLED_EXTERNAL ${external} PARENT_SCOPE)
endfunction()

# bt_modules_enabled(<out-var> <module>...): TRUE when every listed module is enabled (for optional
# extras of tests, examples and bindings; the library itself never asks).
function(bt_modules_enabled out)
  set(ok TRUE)
  foreach(m IN LISTS ARGN)
    if(NOT m IN_LIST BT_ENABLED_MODULES)
      set(ok FALSE)
    endif()
  endforeach()
  set(${out} ${ok} PARENT_SCOPE)
endfunction()

# bt_module_closure(<out-var> <module>): the module and everything it depends on, in table order.
function(bt_module_closure out module)
  set(todo ${module})
  set(seen "")
  while(todo)
    list(POP_FRONT todo m)
    if(NOT m IN_LIST seen)
      list(APPEND seen ${m})
      list(APPEND todo ${BT_MODULE_${m}_DEPS})
    endif()
  endwhile()
  set(ordered "")
  foreach(m IN LISTS BT_ALL_MODULES)
    if(m IN_LIST seen)
      list(APPEND ordered ${m})
    endif()
  endforeach()
  set(${out} ${ordered} PARENT_SCOPE)
endfunction()

# cmake -DBT_PRINT_MODULES=1 -P cmake/BtModules.cmake prints "<module> <closure>" per line (for scripts)
# and -DBT_PRINT_MODULES=markdown the table of docs/architecture.md.
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE AND BT_PRINT_MODULES)
  foreach(m IN LISTS BT_ALL_MODULES)
    bt_module_closure(closure ${m})
    if(BT_PRINT_MODULES STREQUAL "markdown")
      list(JOIN BT_MODULE_${m}_DEPS ", " deps)
      list(JOIN BT_MODULE_${m}_EXTERNAL ", " ext)
      if(NOT deps)
        set(deps "-")
      endif()
      if(NOT ext)
        set(ext "-")
      endif()
      execute_process(COMMAND ${CMAKE_COMMAND} -E echo "| `${m}` | ${deps} | ${ext} |")
    else()
      list(JOIN closure ";" text)
      execute_process(COMMAND ${CMAKE_COMMAND} -E echo "${m} ${text}")
    endif()
  endforeach()
endif()
