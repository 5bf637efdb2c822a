// SPDX-License-Identifier: MIT
// Core helpers exposed to Python: hex conversion (with typed errors).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/bytes.hpp>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;

void init_core(py::module_& m) {
  m.def(
      "to_hex",
      [](const bt::py::BytesLike& b, bool with_prefix) { return bt::to_hex(b.view(), with_prefix); },
      py::arg("data"), py::arg("with_prefix") = true, "Lowercase hex of bytes, '0x'-prefixed by default.");
  m.def(
      "from_hex", [](std::string_view hex) { return bt::py::to_py(bt::py::unwrap(bt::from_hex(hex))); },
      py::arg("hex"), "Bytes from hex (optional 0x prefix). Raises CoreError on bad input.");
}
