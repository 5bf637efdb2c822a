// SPDX-License-Identifier: MIT
// bt::Error: a module error code (std::error_code with one category per module) plus a human message.
//
// Every fallible public operation in bittensor-cpp returns bt::Result<T> (result.hpp) whose error is a
// bt::Error. The code says *what kind* of failure it was (compare with the module's enum, e.g.
// `err.code() == bt::CoreError::invalid_hex`); the message adds the detail (offset, node message...).
// Messages never contain secret material.
#pragma once

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

// Each module lists its error codes once, as an X-macro `BT_<MODULE>_ERROR_CODES(X)` calling
// X(enumerator, value, message) per code; the enum is `enum class E { LIST(BT_ERROR_ENUMERATOR) };` and
// the category's messages come from the same list (BT_DEFINE_ERROR_CATEGORY_FROM_CODES in the module's
// .cpp, lib/detail/error_category.hpp). Values are explicit: they are what Python's `.code` shows.
#define BT_ERROR_ENUMERATOR(name, value, message) name = value,

namespace bt {

// Errors shared by all modules (hex parsing, argument checks, I/O).
// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/core/error.cpp) are both generated from this list.
#define BT_CORE_ERROR_CODES(X)                                      \
  /* not hex, odd length, or wrong length for a fixed-size value */ \
  X(invalid_hex, 1, "invalid hex")                                  \
  /* a caller-supplied value violates the documented contract */    \
  X(invalid_argument, 2, "invalid argument")                        \
  /* inputs whose lengths must agree do not */                      \
  X(length_mismatch, 3, "length mismatch")                          \
  /* a file could not be read or written */                         \
  X(io_error, 4, "I/O error")                                       \
  /* a named item does not exist */                                 \
  X(not_found, 5, "not found")                                      \
  /* a valid input this build/version does not handle */            \
  X(unsupported, 6, "unsupported")                                  \
  /* a bug: please report */                                        \
  X(internal, 7, "internal error")

enum class CoreError { BT_CORE_ERROR_CODES(BT_ERROR_ENUMERATOR) };

const std::error_category& core_category() noexcept;
std::error_code make_error_code(CoreError e) noexcept;

// Declares an error enum's category and make_error_code() for ADL; the .cpp defines them with
// BT_DEFINE_ERROR_CATEGORY (lib/detail/error_category.hpp).
#define BT_DECLARE_ERROR_ENUM(Enum, category_fn)     \
  const std::error_category& category_fn() noexcept; \
  std::error_code make_error_code(Enum e) noexcept

class Error {
 public:
  Error() = default;
  Error(std::error_code code, std::string message = {}) : code_(code), message_(std::move(message)) {}
  template <class Enum, class = std::enable_if_t<std::is_error_code_enum_v<Enum>>>
  Error(Enum e, std::string message = {})  // NOLINT: implicit by design, like std::error_code
      : code_(make_error_code(e)), message_(std::move(message)) {}

  const std::error_code& code() const noexcept { return code_; }
  // The detail message, possibly empty.
  const std::string& message() const noexcept { return message_; }
  // The category name (the module), e.g. "bt.core".
  const char* module() const noexcept { return code_.category().name(); }
  // "bt.core: invalid hex: odd number of digits at offset 3"
  std::string to_string() const;

  template <class Enum, class = std::enable_if_t<std::is_error_code_enum_v<Enum>>>
  friend bool operator==(const Error& a, Enum e) noexcept {
    return a.code_ == make_error_code(e);
  }

 private:
  std::error_code code_;
  std::string message_;
};

}  // namespace bt

template <>
struct std::is_error_code_enum<bt::CoreError> : std::true_type {};
