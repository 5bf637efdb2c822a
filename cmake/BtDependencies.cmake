# SPDX-License-Identifier: MIT
# Third-party dependencies, all from Debian 12 packages (scripts/setup installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(bt_sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(bt_secp256k1 REQUIRED IMPORTED_TARGET libsecp256k1)
pkg_check_modules(bt_xxhash REQUIRED IMPORTED_TARGET libxxhash)
# Debian ships cpp-httplib as a compiled library (header + libcpp-httplib.so); used by lib/rpc only.
pkg_check_modules(bt_httplib REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
