// SPDX-License-Identifier: MIT
// bittensor_cpp.scale: SCALE primitives (compact integers, length-prefixed bytes, strings).
// Encoding and decoding of values by metadata type and the storage key helpers are added to this
// submodule by metadata.cpp when the metadata module is built.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/scale/scale.hpp>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;

namespace {

bt::scale::u128 to_u128(const py::int_& v) {
  if (v < py::int_(0)) throw py::value_error("value must be non-negative");
  std::string s = py::str(static_cast<const py::handle&>(v)).cast<std::string>();
  auto r = bt::scale::parse_u128(s);
  if (!r) throw py::value_error("value does not fit 128 bits");
  return *r;
}
py::int_ from_u128(bt::scale::u128 v) {
  return py::reinterpret_steal<py::int_>(PyLong_FromString(bt::scale::to_string(v).c_str(), nullptr, 10));
}
using bt::py::to_py;

}  // namespace

void init_scale(py::module_& m) {
  py::module_ s = m.def_submodule("scale", "SCALE codec (parity-scale-codec compatible).");
  s.def(
      "encode_compact",
      [](const py::int_& v) {
        bt::scale::Encoder e;
        e.put_compact(to_u128(v));
        return to_py(e.bytes());
      },
      py::arg("value"), "Compact encoding of a non-negative integer < 2**128.");
  s.def(
      "decode_compact",
      [](const bt::py::HexBytes& data) {
        bt::scale::Decoder d(data.view());
        bt::scale::u128 v = d.read_compact();
        bt::py::unwrap(d.finish());
        return from_u128(v);
      },
      py::arg("data"), "Decodes exactly one compact integer (raises DecodeError on bad input).");
  s.def(
      "decode_compact_prefix",
      [](const bt::py::HexBytes& data) {
        bt::scale::Decoder d(data.view());
        bt::scale::u128 v = d.read_compact();
        bt::py::unwrap(d.status());
        return py::make_tuple(from_u128(v), d.position());
      },
      py::arg("data"), "Decodes a compact integer at the start of data: (value, bytes consumed).");
  s.def(
      "encode_bytes", [](const bt::py::BytesLike& data) { return to_py(bt::scale::encode(data.to_bytes())); },
      py::arg("data"), "Vec<u8> encoding: compact length, then the bytes.");
  s.def(
      "decode_bytes",
      [](const bt::py::HexBytes& data) {
        return to_py(bt::py::unwrap(bt::scale::decode<bt::Bytes>(data.view())));
      },
      py::arg("data"), "Decodes a Vec<u8> (whole input).");
  s.def(
      "encode_str", [](const std::string& text) { return to_py(bt::scale::encode(text)); }, py::arg("text"),
      "String encoding: compact byte length, then UTF-8.");
  s.def(
      "decode_str",
      [](const bt::py::HexBytes& data) {
        return bt::py::unwrap(bt::scale::decode<std::string>(data.view()));
      },
      py::arg("data"), "Decodes a String (whole input; raises DecodeError on invalid UTF-8).");
}
