// SPDX-License-Identifier: MIT
// Private helper: defines a std::error_category for a module error enum, from the module's list of
// codes (BT_<MODULE>_ERROR_CODES, see bt/error.hpp) or from a function mapping each code to its message.
#pragma once

#include <string>
#include <system_error>

// Usage in a .cpp (at namespace scope of the enum):
//   BT_DEFINE_ERROR_CATEGORY(DecodeError, decode_category, "bt.scale", decode_error_message)
// where `const char* decode_error_message(DecodeError)` returns the text for each enumerator.
#define BT_DEFINE_ERROR_CATEGORY(Enum, category_fn, name_str, message_fn)                    \
  const std::error_category& category_fn() noexcept {                                        \
    struct Category final : std::error_category {                                            \
      const char* name() const noexcept override { return name_str; }                        \
      std::string message(int v) const override { return message_fn(static_cast<Enum>(v)); } \
    };                                                                                       \
    static const Category instance;                                                          \
    return instance;                                                                         \
  }                                                                                          \
  std::error_code make_error_code(Enum e) noexcept { return {static_cast<int>(e), category_fn()}; }

// Usage in a .cpp (at namespace scope of the enum), with the X-macro list of the public header:
//   BT_DEFINE_ERROR_CATEGORY_FROM_CODES(DecodeError, decode_category, "bt.scale",
//   BT_SCALE_DECODE_ERROR_CODES)
// The message function is a switch generated from the list, so -Wswitch still sees every code.
#define BT_DETAIL_ERROR_MESSAGE_CASE(name, value, text) \
  case ErrorEnum::name:                                 \
    return text;
#define BT_DEFINE_ERROR_CATEGORY_FROM_CODES(Enum, category_fn, name_str, CODES) \
  namespace {                                                                   \
  const char* category_fn##_message(Enum e) noexcept {                          \
    using ErrorEnum = Enum;                                                     \
    switch (e) { CODES(BT_DETAIL_ERROR_MESSAGE_CASE) }                          \
    return "unknown " name_str " error";                                        \
  }                                                                             \
  }                                                                             \
  BT_DEFINE_ERROR_CATEGORY(Enum, category_fn, name_str, category_fn##_message)
