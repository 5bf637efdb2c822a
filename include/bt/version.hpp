// SPDX-License-Identifier: MIT
// Library version (semantic versioning). The numbers come from CMake's project(VERSION ...).
#pragma once

#include <string_view>

namespace bt {

// Version of the library that was compiled (may differ from the headers if mixed up at link time).
std::string_view version() noexcept;
int version_major() noexcept;
int version_minor() noexcept;
int version_patch() noexcept;

}  // namespace bt
