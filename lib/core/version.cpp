// SPDX-License-Identifier: MIT
#include <bt/version.hpp>

namespace bt {

std::string_view version() noexcept { return BT_VERSION_STRING; }
int version_major() noexcept { return BT_VERSION_MAJOR; }
int version_minor() noexcept { return BT_VERSION_MINOR; }
int version_patch() noexcept { return BT_VERSION_PATCH; }

}  // namespace bt
