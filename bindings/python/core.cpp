// SPDX-License-Identifier: MIT
// Core helpers exposed to Python: hex conversion (with typed errors).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/bytes.hpp>

#include "errors.hpp"

namespace py = pybind11;

void init_core(py::module_& m) {
  m.def(
      "to_hex", [](const py::bytes& b, bool with_prefix) {
        std::string s = b;
        return bt::to_hex(bt::as_bytes(s), with_prefix);
      },
      py::arg("data"), py::arg("with_prefix") = true, "Lowercase hex of bytes, '0x'-prefixed by default.");
  m.def(
      "from_hex", [](std::string_view hex) {
        bt::Bytes b = bt::py::unwrap(bt::from_hex(hex));
        return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
      },
      py::arg("hex"), "Bytes from hex (optional 0x prefix). Raises CoreError on bad input.");
}
