// SPDX-License-Identifier: MIT
// Private helper: defines a std::error_category for a module error enum from a name and a
// function mapping each enumerator to its message.
#pragma once

#include <string>
#include <system_error>

// Usage in a .cpp (at namespace scope of the enum):
//   BT_DEFINE_ERROR_CATEGORY(DecodeError, decode_category, "bt.scale", decode_error_message)
// where `const char* decode_error_message(DecodeError)` returns the text for each enumerator.
#define BT_DEFINE_ERROR_CATEGORY(Enum, category_fn, name_str, message_fn)          \
  const std::error_category& category_fn() noexcept {                              \
    struct Category final : std::error_category {                                  \
      const char* name() const noexcept override { return name_str; }               \
      std::string message(int v) const override {                                  \
        return message_fn(static_cast<Enum>(v));                                   \
      }                                                                            \
    };                                                                             \
    static const Category instance;                                                \
    return instance;                                                               \
  }                                                                                \
  std::error_code make_error_code(Enum e) noexcept {                               \
    return {static_cast<int>(e), category_fn()};                                   \
  }
