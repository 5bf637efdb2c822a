// SPDX-License-Identifier: MIT
#include <bt/error.hpp>

#include "detail/error_category.hpp"

namespace bt {
namespace {
const char* core_error_message(CoreError e) {
  switch (e) {
    case CoreError::invalid_hex: return "invalid hex";
    case CoreError::invalid_argument: return "invalid argument";
    case CoreError::length_mismatch: return "length mismatch";
    case CoreError::io_error: return "I/O error";
    case CoreError::not_found: return "not found";
    case CoreError::unsupported: return "unsupported";
    case CoreError::internal: return "internal error";
  }
  return "unknown core error";
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(CoreError, core_category, "bt.core", core_error_message)

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
