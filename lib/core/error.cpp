// SPDX-License-Identifier: MIT
#include <bt/error.hpp>

#include "detail/error_category.hpp"

namespace bt {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(CoreError, core_category, "bt.core", BT_CORE_ERROR_CODES)

std::string Error::to_string() const {
  std::string s = code_.category().name();
  s += ": ";
  s += code_.message();
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

}  // namespace bt
