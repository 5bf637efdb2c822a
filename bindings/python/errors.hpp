// SPDX-License-Identifier: MIT
// Maps bt::Error onto the Python exception hierarchy:
//   bittensor_cpp.Error (base, subclass of Exception)
//     ValueError-like: DecodeError, CryptoError, KeyfileError, RpcError, YumaError, ...
// Bindings call bt::py::unwrap(result) which returns the value or raises the matching exception.
#pragma once

#include <pybind11/pybind11.h>

#include <bt/result.hpp>

#include <utility>

namespace bt::py {

void init_errors(pybind11::module_& m);

// Raises the Python exception for e (never returns).
[[noreturn]] void raise(const bt::Error& e);

template <class T>
T unwrap(bt::Result<T>&& r) {
  if (!r) raise(r.error());
  return std::move(r).value();
}
inline void unwrap(bt::Result<void>&& r) {
  if (!r) raise(r.error());
}

}  // namespace bt::py
