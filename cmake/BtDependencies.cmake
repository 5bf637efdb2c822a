# SPDX-License-Identifier: MIT
# Third-party dependencies, all from Debian 12 packages (scripts/setup installs them). Only those the
# enabled modules need are looked for (BT_ENABLED_EXTERNAL, from the module table in BtModules.cmake), so
# a subset such as core;fixed;yuma builds without OpenSSL or cpp-httplib.
#
# For each external name this sets BT_EXT_<name>_LINK (what the library links, privately),
# BT_EXT_<name>_PC (its pkg-config name for Requires.private) and BT_EXT_<name>_LIBS_PRIVATE. Header-only
# dependencies are linked as $<BUILD_INTERFACE:...>: the installed package never asks for them.
#
# bt_find_external(<name>) may be called again for the development targets (tests, examples, ...).

find_package(PkgConfig REQUIRED)

macro(bt_find_external name)
  if(NOT BT_EXT_${name}_FOUND)
    if("${name}" STREQUAL "sodium")
      pkg_check_modules(bt_sodium REQUIRED IMPORTED_TARGET libsodium)
      set(BT_EXT_sodium_LINK PkgConfig::bt_sodium)
      set(BT_EXT_sodium_PC libsodium)
    elseif("${name}" STREQUAL "secp256k1")
      pkg_check_modules(bt_secp256k1 REQUIRED IMPORTED_TARGET libsecp256k1)
      set(BT_EXT_secp256k1_LINK PkgConfig::bt_secp256k1)
      set(BT_EXT_secp256k1_PC libsecp256k1)
    elseif("${name}" STREQUAL "xxhash")
      pkg_check_modules(bt_xxhash REQUIRED IMPORTED_TARGET libxxhash)
      set(BT_EXT_xxhash_LINK PkgConfig::bt_xxhash)
      set(BT_EXT_xxhash_PC libxxhash)
    elseif("${name}" STREQUAL "httplib")
      # Debian ships cpp-httplib as a compiled library (header + libcpp-httplib.so).
      pkg_check_modules(bt_httplib REQUIRED IMPORTED_TARGET cpp-httplib)
      set(BT_EXT_httplib_LINK PkgConfig::bt_httplib)
      set(BT_EXT_httplib_PC cpp-httplib)
    elseif("${name}" STREQUAL "openssl")
      find_package(OpenSSL REQUIRED)
      set(BT_EXT_openssl_LINK OpenSSL::SSL OpenSSL::Crypto)
      set(BT_EXT_openssl_PC openssl)
    elseif("${name}" STREQUAL "threads")
      find_package(Threads REQUIRED)
      set(BT_EXT_threads_LINK Threads::Threads)
      set(BT_EXT_threads_LIBS_PRIVATE -pthread)
    elseif("${name}" STREQUAL "boost")
      find_package(Boost 1.74 REQUIRED)
      set(BT_EXT_boost_LINK $<BUILD_INTERFACE:Boost::boost>)
    elseif("${name}" STREQUAL "json")
      find_package(nlohmann_json 3.10 REQUIRED)
      set(BT_EXT_json_LINK $<BUILD_INTERFACE:nlohmann_json::nlohmann_json>)
    else()
      message(FATAL_ERROR "unknown external dependency '${name}' in the module table")
    endif()
    set(BT_EXT_${name}_FOUND TRUE)
  endif()
endmacro()

foreach(_bt_ext IN LISTS BT_ENABLED_EXTERNAL)
  bt_find_external(${_bt_ext})
endforeach()
