// SPDX-License-Identifier: MIT
// bittensor_cpp.fixed: the substrate-fixed types of the Yuma epoch with their exact semantics.
//
//   from bittensor_cpp.fixed import I32F32
//   x = I32F32.from_bits(3 << 31)      # 1.5
//   y = I32F32.from_int(2)
//   (x * y).bits, str(x / y)           # floor multiply, truncating divide
//   x.checked_div(I32F32.zero())       # None
//   I32F32.from_int(1).exp()           # substrate-fixed exp (the I9F23 constant E for 1)
//
// Types: I32F32, I64F64, U64F64, I96F32, U96F32. Raw bits are Python ints (from_bits raises
// OverflowError outside the representation's range). Operators follow the release-built runtime
// (bt/fixed/fixed.hpp): + - * wrap, / saturates (Rust would panic on /0); the named checked_* /
// saturating_* / wrapping_* / safe_div forms are all offered. str() is substrate-fixed's Display
// (shortest round-tripping decimal); to_float() is for display only. Mixed-type arithmetic is a
// TypeError: convert explicitly with T.from_fixed(x) (floor, saturating).
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/fixed/fixed.hpp>
#include <bt/fixed/transcendental.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>

namespace py = pybind11;

namespace {

using bt::fixed::i128;
using bt::fixed::u128;

// Python int -> Repr; nullopt when out of range. Accepts anything with __index__.
template <class Repr>
std::optional<Repr> repr_from_py(py::handle h) {
  if (PyFloat_Check(h.ptr())) throw py::type_error("expected an int, got float");
  PyObject* idx = PyNumber_Index(h.ptr());
  if (!idx) throw py::error_already_set();
  py::object o = py::reinterpret_steal<py::object>(idx);
  const std::string text = py::str(o);
  if constexpr (std::is_same_v<Repr, std::int64_t>) {
    auto v = bt::fixed::parse_i128(text);
    if (!v || *v < INT64_MIN || *v > INT64_MAX) return std::nullopt;
    return static_cast<std::int64_t>(*v);
  } else if constexpr (std::is_same_v<Repr, i128>) {
    return bt::fixed::parse_i128(text);
  } else {
    if (!text.empty() && text[0] == '-') return std::nullopt;
    return bt::fixed::parse_u128(text);
  }
}

template <class Repr>
py::object repr_to_py(Repr v) {
  std::string s;
  if constexpr (std::is_same_v<Repr, u128>) {
    s = bt::fixed::u128_to_string(v);
  } else {
    s = bt::fixed::i128_to_string(static_cast<i128>(v));
  }
  return py::reinterpret_steal<py::object>(PyLong_FromString(s.c_str(), nullptr, 10));
}

template <class F>
py::object opt(std::optional<F> v) {
  if (!v) return py::none();
  return py::cast(*v);
}

template <class F>
void bind_fixed(py::module_& m, const char* name) {
  using Repr = typename F::repr_type;
  using Wide = std::conditional_t<F::is_signed, i128, u128>;
  py::class_<F> c(m, name);
  c.doc() = std::string(name) + ": " + (F::is_signed ? "signed" : "unsigned") + " fixed-point, " +
            std::to_string(F::int_bits) + " integer + " + std::to_string(F::frac_bits) +
            " fraction bits (value = bits / 2**" + std::to_string(F::frac_bits) + ").";
  c.def(py::init<>(), "Zero.");
  c.def_property_readonly_static("FRAC_BITS", [](py::object) { return F::frac_bits; });
  c.def_property_readonly_static("INT_BITS", [](py::object) { return F::int_bits; });
  c.def_property_readonly_static("SIGNED", [](py::object) { return F::is_signed; });
  c.def_static(
      "from_bits",
      [name](py::handle bits) {
        auto r = repr_from_py<Repr>(bits);
        if (!r) throw py::value_error(std::string(name) + ".from_bits: value out of range");
        return F::from_bits(*r);
      },
      py::arg("bits"), "The value with these raw bits (ValueError when they do not fit).");
  c.def_property_readonly(
      "bits", [](const F& x) { return repr_to_py<Repr>(x.to_bits()); }, "Raw bits as a Python int.");
  c.def_static(
      "from_int",
      [](py::handle v) {
        auto r = repr_from_py<Wide>(v);
        if (r) return F::saturating_from_num(*r);
        // Beyond 128 bits: clamp by sign.
        const bool neg = PyObject_RichCompareBool(v.ptr(), py::int_(0).ptr(), Py_LT) == 1;
        return neg ? F::min() : F::max();
      },
      py::arg("value"), "Integer -> fixed, exact, saturating (Rust saturating_from_num).");
  c.def_static("from_float", &F::saturating_from_f64, py::arg("value"),
               "float -> fixed, round half to even, saturating, NaN -> 0.");
  c.def_static(
      "parse",
      [name](const std::string& text) {
        auto r = bt::fixed::parse_decimal<F>(text);
        if (!r) throw py::value_error(std::string(name) + ".parse: malformed decimal '" + text + "'");
        return *r;
      },
      py::arg("text"), "Decimal text -> nearest value (ties to even), saturating.");
  c.def_static("min", &F::min);
  c.def_static("max", &F::max);
  c.def_static("zero", &F::zero);
  c.def_static("one", &F::one);
  c.def_static("delta", &F::delta, "The smallest positive value (1 ulp).");
  c.def("to_float", &F::to_f64, "Approximate value (display only).");
  c.def("__float__", &F::to_f64);
  c.def(
      "to_int", [](const F& x) { return repr_to_py<Wide>(x.template saturating_to_num<Wide>()); },
      "Floor to an integer (Rust saturating_to_num).");
  c.def(
      "to_u64", [](const F& x) { return x.template saturating_to_num<std::uint64_t>(); },
      "Floor, then clamp to 0..2**64-1 (Rust saturating_to_num::<u64>).");
  c.def(
      "to_u16", [](const F& x) { return x.template saturating_to_num<std::uint16_t>(); },
      "Floor, then clamp to 0..65535.");
  c.def("__str__", [](const F& x) { return bt::fixed::to_string(x); });
  c.def("__repr__", [name](const F& x) { return std::string(name) + "('" + bt::fixed::to_string(x) + "')"; });
  c.def("__hash__", [](const F& x) { return py::hash(repr_to_py<Repr>(x.to_bits())); });
  c.def(py::self == py::self);
  c.def(py::self != py::self);
  c.def(py::self < py::self);
  c.def(py::self <= py::self);
  c.def(py::self > py::self);
  c.def(py::self >= py::self);
  c.def(py::self + py::self, "Wrapping addition (release-build Rust +).");
  c.def(py::self - py::self, "Wrapping subtraction.");
  c.def(py::self * py::self, "Wrapping multiplication (floor).");
  c.def(py::self / py::self, "Saturating division (truncating; /0 -> max or min).");
  c.def("__neg__", [](const F& x) { return x.wrapping_neg(); });
  c.def("__bool__", [](const F& x) { return x != F::zero(); });
  c.def("wrapping_add", &F::wrapping_add);
  c.def("wrapping_sub", &F::wrapping_sub);
  c.def("wrapping_mul", &F::wrapping_mul);
  c.def("wrapping_div", &F::wrapping_div, "Truncating division wrapped on overflow; /0 -> 0.");
  c.def("saturating_add", &F::saturating_add);
  c.def("saturating_sub", &F::saturating_sub);
  c.def("saturating_mul", &F::saturating_mul);
  c.def("saturating_div", &F::saturating_div);
  c.def("checked_add", [](const F& a, const F& b) { return opt(a.checked_add(b)); });
  c.def("checked_sub", [](const F& a, const F& b) { return opt(a.checked_sub(b)); });
  c.def(
      "checked_mul", [](const F& a, const F& b) { return opt(a.checked_mul(b)); },
      "Floor multiplication; None on overflow.");
  c.def(
      "checked_div", [](const F& a, const F& b) { return opt(a.checked_div(b)); },
      "Truncating division; None on /0 or overflow.");
  c.def("safe_div", &F::safe_div, "subtensor safe_div: 0 on /0 and on overflow.");
  c.def("clamp", &F::clamp, py::arg("low"), py::arg("high"));
  c.def_static(
      "from_fixed",
      [name](py::handle other) -> F {
        if (py::isinstance<bt::fixed::I32F32>(other))
          return F::saturating_from_fixed(other.cast<bt::fixed::I32F32>());
        if (py::isinstance<bt::fixed::I64F64>(other))
          return F::saturating_from_fixed(other.cast<bt::fixed::I64F64>());
        if (py::isinstance<bt::fixed::U64F64>(other))
          return F::saturating_from_fixed(other.cast<bt::fixed::U64F64>());
        if (py::isinstance<bt::fixed::I96F32>(other))
          return F::saturating_from_fixed(other.cast<bt::fixed::I96F32>());
        if (py::isinstance<bt::fixed::U96F32>(other))
          return F::saturating_from_fixed(other.cast<bt::fixed::U96F32>());
        throw py::type_error(std::string(name) + ".from_fixed: expected a fixed-point value");
      },
      py::arg("other"), "Conversion from another fixed type: floor, saturating.");
  if constexpr (F::is_signed) {
    c.def(
        "exp", [](const F& x) { return opt(bt::fixed::exp(x)); },
        "substrate-fixed exp (Taylor series, no libm); None on overflow.");
    c.def(
        "log2", [](const F& x) { return opt(bt::fixed::log2(x)); }, "substrate-fixed log2; None for x <= 0.");
    c.def(
        "ln", [](const F& x) { return opt(bt::fixed::ln(x)); },
        "substrate-fixed ln = log2 / LOG2_E (I9F23 constant); None for x <= 0.");
  }
}

}  // namespace

void init_fixed(py::module_& parent) {
  py::module_ m = parent.def_submodule(
      "fixed", "substrate-fixed fixed-point types with the exact semantics of the subtensor runtime.");
  // Importable as bittensor_cpp.fixed through bittensor_cpp/fixed.py (bittensor_cpp/_native.py).
  // Registered first so that from_fixed can name every type.
  bind_fixed<bt::fixed::I32F32>(m, "I32F32");
  bind_fixed<bt::fixed::I64F64>(m, "I64F64");
  bind_fixed<bt::fixed::U64F64>(m, "U64F64");
  bind_fixed<bt::fixed::I96F32>(m, "I96F32");
  bind_fixed<bt::fixed::U96F32>(m, "U96F32");
}
