// SPDX-License-Identifier: MIT
// The one conversion between Python objects and bytes, used by every binding file, so that every
// function accepts the same things:
//
//   accepted for any byte argument   bytes, bytearray, memoryview, any C-contiguous buffer of 1-byte items
//   str                              only where the role has a text form (as the Python SDK accepts it):
//                                    "0x"-prefixed hex for hashes, account ids, keys, chain codes and
//                                    other encoded data (HexBytes); an SS58 address for an AccountId32;
//                                    nothing else (BytesLike, e.g. data to hash: a str is a TypeError,
//                                    because which encoding was meant is a guess)
//   a fixed-size value of the wrong length   the module error given (CoreError by default), never a crash
//   returned bytes                   always `bytes`
//
// Two ways to use it. Declare a parameter with one of the argument types below (BytesLike, HexBytes,
// bt::Hash256, bt::crypto::AccountId32, bt::crypto::ChainCode, bt::crypto::ed25519::PublicKey) and pybind11
// converts it and names it in the signature (so the stubs show "Hash256", "AccountId32", ...); or take a
// py::object and call bytes_arg / fixed_arg / tagged_arg (optional arguments, several accepted shapes).
// Every TU that binds one of the 32-byte roles must include this header (the casters are specializations).
#pragma once

#include <pybind11/pybind11.h>

#include <bt/bytes.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/crypto/types.hpp>
#include <bt/error.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "errors.hpp"

namespace bt::crypto::ed25519 {
struct PublicKeyTag;  // include/bt/crypto/ed25519.hpp
}

namespace bt::py {

// Whether a str is accepted for an argument, and as what.
enum class Text {
  none,  // TypeError
  hex,   // "0x"-prefixed hex
};

// The bytes of a buffer object, if it is one of single bytes; nullopt-like empty result otherwise.
inline bool buffer_bytes(pybind11::handle obj, Bytes& out) {
  if (!PyObject_CheckBuffer(obj.ptr())) return false;
  Py_buffer view;
  if (PyObject_GetBuffer(obj.ptr(), &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) {
    PyErr_Clear();
    return false;
  }
  const bool single_bytes = view.itemsize == 1;
  if (single_bytes) {
    const auto* p = static_cast<const std::uint8_t*>(view.buf);
    out.assign(p, p + view.len);
  }
  PyBuffer_Release(&view);
  return single_bytes;
}

// Bytes from a bytes-like object (and, with Text::hex, a "0x" hex str). `what` names the argument in
// the TypeError.
inline Bytes bytes_arg(pybind11::handle obj, Text text = Text::none, const char* what = "argument") {
  if (PyUnicode_Check(obj.ptr())) {
    if (text == Text::hex) {
      std::string s = pybind11::cast<std::string>(obj);
      if (s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0) return unwrap(from_hex(s));
      throw pybind11::type_error(std::string(what) + ": a str must be 0x-prefixed hex");
    }
    throw pybind11::type_error(std::string(what) + ": expected bytes, bytearray or memoryview, not str");
  }
  Bytes out;
  if (buffer_bytes(obj, out)) return out;
  throw pybind11::type_error(std::string(what) + ": expected bytes, bytearray or memoryview" +
                             (text == Text::hex ? " or a 0x hex str" : "") + ", got " +
                             std::string(pybind11::str(pybind11::type::handle_of(obj).attr("__name__"))));
}

inline std::string length_message(const char* what, std::size_t want, std::size_t got) {
  return std::string(what) + " must be " + std::to_string(want) + " bytes, got " + std::to_string(got);
}

// Exactly N bytes; another length raises `length_error` (a module error code, CoreError by default).
template <std::size_t N, class Code = CoreError>
FixedBytes<N> fixed_arg(pybind11::handle obj, const char* what,
                        Code length_error = CoreError::invalid_argument, Text text = Text::none) {
  Bytes b = bytes_arg(obj, text, what);
  if (b.size() != N) raise(Error(length_error, length_message(what, N, b.size())));
  FixedBytes<N> out;
  std::copy(b.begin(), b.end(), out.data.begin());
  return out;
}

// What each role is called in signatures and stubs. A str is accepted as 0x-hex for all of them; an
// AccountId32 also as an SS58 address (see account_from_str).
// A wrong length is the error of the module the role belongs to: CoreError for hashes and account ids
// (as bt::TaggedBytes::from_view), CryptoError::invalid_length for key material.
template <class Tag>
struct role_name;
template <>
struct role_name<Hash256Tag> {
  static constexpr char text[] = "Hash256";
  static Error length_error(std::string m) { return Error(CoreError::invalid_argument, std::move(m)); }
};
template <>
struct role_name<crypto::AccountId32Tag> {
  static constexpr char text[] = "AccountId32";
  static Error length_error(std::string m) { return Error(CoreError::invalid_argument, std::move(m)); }
};
template <>
struct role_name<crypto::ChainCodeTag> {
  static constexpr char text[] = "ChainCode";
  static Error length_error(std::string m) {
    return Error(crypto::CryptoError::invalid_length, std::move(m));
  }
};
template <>
struct role_name<crypto::ed25519::PublicKeyTag> {
  static constexpr char text[] = "Ed25519PublicKey";
  static Error length_error(std::string m) {
    return Error(crypto::CryptoError::invalid_length, std::move(m));
  }
};

// A tagged value (Hash256, AccountId32, ...): bytes-like, 0x hex, or (AccountId32) an SS58 address. The
// ss58 call is only instantiated for AccountId32, which only bindings of modules above crypto use.
template <class Tagged>
Tagged tagged_arg(pybind11::handle obj, const char* what = role_name<typename Tagged::tag_type>::text) {
  using Tag = typename Tagged::tag_type;
  if constexpr (std::is_same_v<Tag, crypto::AccountId32Tag>) {
    if (PyUnicode_Check(obj.ptr())) {
      std::string s = pybind11::cast<std::string>(obj);
      if (s.rfind("0x", 0) != 0 && s.rfind("0X", 0) != 0)
        return unwrap(crypto::ss58_decode_account(s));  // any prefix
    }
  }
  Bytes b = bytes_arg(obj, Text::hex, what);
  if (b.size() != Tagged::size())
    raise(role_name<Tag>::length_error(length_message(what, Tagged::size(), b.size())));
  Tagged out;
  std::copy(b.begin(), b.end(), out.data.begin());
  return out;
}

inline pybind11::bytes to_py(ByteView v) {
  return pybind11::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

// Parameter type for variable-length bytes without a text form (data to hash, sign or encrypt): a view
// of the caller's buffer, no copy (the buffer is held until the call returns). A str is a TypeError.
class BytesLike {
 public:
  BytesLike() = default;
  BytesLike(BytesLike&&) noexcept = default;
  BytesLike& operator=(BytesLike&&) noexcept = default;
  BytesLike(const BytesLike& o) : own_(o.view().begin(), o.view().end()) {}
  BytesLike& operator=(const BytesLike& o) {
    if (this != &o) *this = BytesLike(o);
    return *this;
  }
  explicit BytesLike(Bytes b) : own_(std::move(b)) {}

  // Borrows a C-contiguous buffer of 1-byte items; false for anything else.
  bool load(pybind11::handle obj) {
    if (PyUnicode_Check(obj.ptr()) || !PyObject_CheckBuffer(obj.ptr())) return false;
    Py_buffer* view = new Py_buffer();
    if (PyObject_GetBuffer(obj.ptr(), view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) {
      delete view;
      PyErr_Clear();
      return false;
    }
    info_ = std::make_unique<pybind11::buffer_info>(view, true);  // releases the buffer when done
    if (info_->itemsize == 1) return true;
    info_.reset();
    return false;
  }
  ByteView view() const noexcept {
    if (info_) return {static_cast<const std::uint8_t*>(info_->ptr), static_cast<std::size_t>(info_->size)};
    return own_;
  }
  operator ByteView() const noexcept { return view(); }  // NOLINT(implicit)
  Bytes to_bytes() const { return Bytes(view().begin(), view().end()); }

 private:
  std::unique_ptr<pybind11::buffer_info> info_;
  Bytes own_;
};

// Variable-length bytes with a text form: bytes-like, or a "0x" hex str (call data, encoded values,
// storage keys). Always a copy.
class HexBytes : public BytesLike {
 public:
  using BytesLike::BytesLike;
};

}  // namespace bt::py

namespace pybind11::detail {

template <typename Tag, std::size_t N>
struct type_caster<bt::TaggedBytes<Tag, N>> {
  using Tagged = bt::TaggedBytes<Tag, N>;  // the macro cannot take a template-id with a comma
  PYBIND11_TYPE_CASTER(Tagged, const_name(bt::py::role_name<Tag>::text));
  bool load(handle src, bool) {
    if (!PyUnicode_Check(src.ptr()) && !PyObject_CheckBuffer(src.ptr())) return false;  // try other overloads
    value = bt::py::tagged_arg<bt::TaggedBytes<Tag, N>>(src);
    return true;
  }
  static handle cast(const bt::TaggedBytes<Tag, N>& v, return_value_policy, handle) {
    return bt::py::to_py(v.view()).release();
  }
};

template <>
struct type_caster<bt::py::BytesLike> {
  PYBIND11_TYPE_CASTER(bt::py::BytesLike, const_name("BytesLike"));
  bool load(handle src, bool) { return value.load(src); }  // false: pybind11's TypeError for the call
  static handle cast(const bt::py::BytesLike& v, return_value_policy, handle) {
    return bt::py::to_py(v.view()).release();
  }
};

template <>
struct type_caster<bt::py::HexBytes> {
  PYBIND11_TYPE_CASTER(bt::py::HexBytes, const_name("HexBytes"));
  bool load(handle src, bool) {
    if (!PyUnicode_Check(src.ptr()) && !PyObject_CheckBuffer(src.ptr())) return false;
    value = bt::py::HexBytes(bt::py::bytes_arg(src, bt::py::Text::hex));
    return true;
  }
  static handle cast(const bt::py::HexBytes& v, return_value_policy, handle) {
    return bt::py::to_py(v.view()).release();
  }
};

}  // namespace pybind11::detail
