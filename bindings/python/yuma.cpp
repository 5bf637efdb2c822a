// SPDX-License-Identifier: MIT
// bittensor_cpp.yuma: the exact Yuma consensus epoch from Python.
//
//   out = yuma.run_epoch(n=4, rao_emission=10**9, current_block=1000, registered=[True]*4, ...,
//                        variant="head", path="sparse")
//   out["incentive"]          # numpy.uint16 array
//   out["emission"]           # numpy.uint64 array
//   out["server_emission"]    # numpy.ma.MaskedArray of uint64 (masked = uid without hotkey)
//   out["bonds_written"]      # list: None (row not written) or list of (uid, u16) tuples
//   out["post_state"]         # {"bonds": [rows], "validator_permit": numpy.bool_ array}
//
// Inputs are keyword arguments named like the `input` object of the yuma-ref/1 vectors (see
// tests/vectors/yuma/README.md); vectors may be lists or NumPy integer/bool arrays, rows are
// sequences of (uid, value) pairs or (k, 2) integer arrays (or None). Unknown keywords raise
// TypeError; values of the wrong type or out of their integer range, and inputs the epoch rejects
// (inconsistent lengths, out-of-range uids) raise bittensor_cpp.YumaError. The GIL is released
// while the epoch runs.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/fields.hpp>
#include <bt/yuma/simulate.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "errors.hpp"

namespace py = pybind11;

namespace {

using bt::yuma::EpochInput;
using bt::yuma::EpochOutput;
using bt::yuma::Path;
using bt::yuma::Row;
using bt::yuma::Variant;

[[noreturn]] void bad_input(const std::string& field, const std::string& what) {
  bt::py::raise(bt::Error(bt::yuma::YumaError::invalid_input, field + ": " + what));
}

// ---- Python -> C++ (range-checked; floats and strings are rejected, numpy integers accepted)

std::uint64_t to_u64(py::handle h, const std::string& field, std::uint64_t max) {
  if (PyBool_Check(h.ptr()) || PyFloat_Check(h.ptr())) bad_input(field, "expected an integer");
  PyObject* idx = PyNumber_Index(h.ptr());
  if (!idx) {
    PyErr_Clear();
    bad_input(field, "expected an integer, got " + std::string(py::str(py::type::of(h))));
  }
  py::object o = py::reinterpret_steal<py::object>(idx);
  const unsigned long long v = PyLong_AsUnsignedLongLong(o.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    bad_input(field, "integer " + std::string(py::str(o)) + " out of range 0.." + std::to_string(max));
  }
  if (v > max) {
    bad_input(field, "integer " + std::to_string(v) + " out of range 0.." + std::to_string(max));
  }
  return v;
}

std::int64_t to_i64(py::handle h, const std::string& field, std::int64_t lo, std::int64_t hi) {
  if (PyBool_Check(h.ptr()) || PyFloat_Check(h.ptr())) bad_input(field, "expected an integer");
  PyObject* idx = PyNumber_Index(h.ptr());
  if (!idx) {
    PyErr_Clear();
    bad_input(field, "expected an integer");
  }
  py::object o = py::reinterpret_steal<py::object>(idx);
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(o.ptr(), &overflow);
  if (PyErr_Occurred()) PyErr_Clear();
  if (overflow || v < lo || v > hi) {
    bad_input(field, "integer " + std::string(py::str(o)) + " out of range " + std::to_string(lo) + ".." +
                         std::to_string(hi));
  }
  return v;
}

bool to_bool(py::handle h, const std::string& field) {
  if (PyBool_Check(h.ptr())) return h.ptr() == Py_True;
  if (py::isinstance<py::array>(h) || PyFloat_Check(h.ptr())) bad_input(field, "expected a bool");
  // numpy.bool_ and 0/1 integers.
  const std::string tname = py::str(py::type::of(h).attr("__name__"));
  if (tname == "bool_" || tname == "bool") return PyObject_IsTrue(h.ptr()) == 1;
  const std::uint64_t v = to_u64(h, field, 1);
  return v == 1;
}

// A sequence (list, tuple, numpy array) as a list of Python objects; NumPy arrays of floats are
// rejected so that no value is silently truncated.
py::list as_list(py::handle h, const std::string& field) {
  if (py::isinstance<py::array>(h)) {
    py::array a = py::reinterpret_borrow<py::array>(h);
    const char kind = a.dtype().kind();
    if (kind != 'i' && kind != 'u' && kind != 'b' && kind != 'O') {
      bad_input(field, std::string("NumPy array of dtype ") + std::string(py::str(a.dtype())) +
                           " (expected integers or bools)");
    }
    return a.attr("tolist")();
  }
  if (py::isinstance<py::str>(h) || py::isinstance<py::bytes>(h) || py::isinstance<py::dict>(h) ||
      !py::isinstance<py::sequence>(h)) {
    bad_input(field, "expected a sequence");
  }
  return py::list(py::reinterpret_borrow<py::object>(h));
}

std::vector<std::uint64_t> to_u64_vec(py::handle h, const std::string& field) {
  // Fast path: a contiguous uint64 array.
  if (py::isinstance<py::array_t<std::uint64_t, 0>>(h)) {
    auto a = py::reinterpret_borrow<py::array_t<std::uint64_t, 0>>(h);
    if (a.ndim() != 1) bad_input(field, "expected a 1-d array");
    std::vector<std::uint64_t> v(static_cast<std::size_t>(a.shape(0)));
    auto r = a.unchecked<1>();
    for (py::ssize_t i = 0; i < a.shape(0); ++i) v[static_cast<std::size_t>(i)] = r(i);
    return v;
  }
  py::list l = as_list(h, field);
  std::vector<std::uint64_t> v;
  v.reserve(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) {
    v.push_back(
        to_u64(l[i], field + "[" + std::to_string(i) + "]", std::numeric_limits<std::uint64_t>::max()));
  }
  return v;
}

std::vector<bool> to_bool_vec(py::handle h, const std::string& field) {
  py::list l = as_list(h, field);
  std::vector<bool> v;
  v.reserve(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) {
    v.push_back(to_bool(l[i], field + "[" + std::to_string(i) + "]"));
  }
  return v;
}

std::pair<std::uint64_t, std::uint64_t> to_pair(py::handle h, const std::string& field,
                                                std::uint64_t max_first, std::uint64_t max_second) {
  py::list p = as_list(h, field);
  if (p.size() != 2) bad_input(field, "expected a pair");
  return {to_u64(p[0], field + "[0]", max_first), to_u64(p[1], field + "[1]", max_second)};
}

// A Python int in [0, 65535], read without any allocation (false for anything else: other types,
// bools, numpy integers, out-of-range values take the checked path, which names the error).
bool u16_of(PyObject* o, std::uint16_t& out) {
  if (!PyLong_CheckExact(o)) return false;
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow != 0 || v < 0 || v > 0xFFFF) return false;
  out = static_cast<std::uint16_t>(v);
  return true;
}

// A row given as a (k, 2) NumPy array of integers (any integer dtype), read through its buffer.
// False for anything else (other dtypes, shapes, values outside [0, 65535]): the checked path.
bool row_from_array(PyObject* obj, Row& row) {
  if (!py::isinstance<py::array>(obj)) return false;
  const auto a = py::reinterpret_borrow<py::array>(obj);
  const char kind = a.dtype().kind();
  if ((kind != 'i' && kind != 'u') || a.ndim() != 2 || a.shape(1) != 2) return false;
  // Every integer dtype fits int64 except uint64 values >= 2^63, which wrap negative and fail the
  // range test below like any other out-of-range value.
  const auto v = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!v) {
    PyErr_Clear();
    return false;
  }
  const auto r = v.unchecked<2>();
  row.resize(static_cast<std::size_t>(r.shape(0)));
  for (py::ssize_t k = 0; k < r.shape(0); ++k) {
    const std::int64_t j = r(k, 0), w = r(k, 1);
    if (j < 0 || j > 0xFFFF || w < 0 || w > 0xFFFF) return false;
    row[static_cast<std::size_t>(k)] = {static_cast<std::uint16_t>(j), static_cast<std::uint16_t>(w)};
  }
  return true;
}

// The common shapes of a row, read in place: a list or tuple of 2-tuples (or 2-lists) of Python
// ints in [0, 65535], or a (k, 2) integer NumPy array. False (row unspecified) for anything else, which the
// checked path then reads or rejects with the element's name. (The checked path copies every pair into a new
// list and names every element as it goes: ~0.13 us a pair, most of run_epoch's input time on bench b.)
bool row_fast(PyObject* seq, Row& row) {
  if (!PyList_CheckExact(seq) && !PyTuple_CheckExact(seq)) return row_from_array(seq, row);
  const Py_ssize_t len = PySequence_Fast_GET_SIZE(seq);
  PyObject** items = PySequence_Fast_ITEMS(seq);
  row.resize(static_cast<std::size_t>(len));
  for (Py_ssize_t k = 0; k < len; ++k) {
    PyObject* e = items[k];
    PyObject* a = nullptr;
    PyObject* b = nullptr;
    if (PyTuple_CheckExact(e) && PyTuple_GET_SIZE(e) == 2) {
      a = PyTuple_GET_ITEM(e, 0);
      b = PyTuple_GET_ITEM(e, 1);
    } else if (PyList_CheckExact(e) && PyList_GET_SIZE(e) == 2) {
      a = PyList_GET_ITEM(e, 0);
      b = PyList_GET_ITEM(e, 1);
    } else {
      return false;
    }
    auto& [j, w] = row[static_cast<std::size_t>(k)];
    if (!u16_of(a, j) || !u16_of(b, w)) return false;
  }
  return true;
}

// The checked path for one row: any sequence of pairs, every element range-checked and named in
// the error.
Row to_row_checked(py::handle h, const std::string& field) {
  py::list l = as_list(h, field);
  Row row;
  row.reserve(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) {
    auto [j, w] = to_pair(l[i], field + "[" + std::to_string(i) + "]", 0xFFFF, 0xFFFF);
    row.emplace_back(static_cast<std::uint16_t>(j), static_cast<std::uint16_t>(w));
  }
  return row;
}

// Rows: None = an empty row (`stored`, when given, records which rows were not None). A row takes
// row_fast when it can, else the checked path (its name formed only then).
std::vector<Row> to_rows(py::handle h, const std::string& field, std::vector<bool>* stored = nullptr) {
  py::list l = as_list(h, field);
  std::vector<Row> rows(l.size());
  if (stored != nullptr) stored->assign(l.size(), true);
  for (std::size_t i = 0; i < l.size(); ++i) {
    PyObject* item = PyList_GET_ITEM(l.ptr(), static_cast<Py_ssize_t>(i));
    if (item == Py_None) {
      if (stored != nullptr) (*stored)[i] = false;
      continue;
    }
    if (row_fast(item, rows[i])) continue;
    rows[i] = to_row_checked(l[i], field + "[" + std::to_string(i) + "]");
  }
  return rows;
}

constexpr std::uint64_t kU64Max = std::numeric_limits<std::uint64_t>::max();

std::vector<bt::yuma::WeightCommitQueue> to_weight_commits(py::handle h, const std::string& f) {
  std::vector<bt::yuma::WeightCommitQueue> out;
  py::list l = as_list(h, f);
  for (std::size_t i = 0; i < l.size(); ++i) {
    const std::string fi = f + "[" + std::to_string(i) + "]";
    py::list e = as_list(l[i], fi);
    if (e.size() != 2) bad_input(fi, "expected [uid, [[commit_epoch, commit_block], ...]]");
    bt::yuma::WeightCommitQueue q;
    q.uid = static_cast<std::uint16_t>(to_u64(e[0], fi + "[0]", 0xFFFF));
    py::list c = as_list(e[1], fi + "[1]");
    for (std::size_t k = 0; k < c.size(); ++k) {
      q.commits.push_back(to_pair(c[k], fi + "[1][" + std::to_string(k) + "]", kU64Max, kU64Max));
    }
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<bt::yuma::TimelockedCommits> to_timelocked(py::handle h, const std::string& f) {
  std::vector<bt::yuma::TimelockedCommits> out;
  py::list l = as_list(h, f);
  for (std::size_t i = 0; i < l.size(); ++i) {
    const std::string fi = f + "[" + std::to_string(i) + "]";
    py::list e = as_list(l[i], fi);
    if (e.size() != 2) bad_input(fi, "expected [commit_epoch, [[uid, commit_block], ...]]");
    bt::yuma::TimelockedCommits t;
    t.commit_epoch = to_u64(e[0], fi + "[0]", kU64Max);
    py::list c = as_list(e[1], fi + "[1]");
    for (std::size_t k = 0; k < c.size(); ++k) {
      auto [uid, block] = to_pair(c[k], fi + "[1][" + std::to_string(k) + "]", 0xFFFF, kU64Max);
      t.commits.emplace_back(static_cast<std::uint16_t>(uid), block);
    }
    out.push_back(std::move(t));
  }
  return out;
}

// ---- the field table (bt/yuma/fields.hpp) -> keyword arguments

void from_py(py::handle h, std::uint16_t& v, const std::string& f) {
  v = static_cast<std::uint16_t>(to_u64(h, f, 0xFFFF));
}
void from_py(py::handle h, std::uint32_t& v, const std::string& f) {
  v = static_cast<std::uint32_t>(to_u64(h, f, 0xFFFFFFFFu));
}
void from_py(py::handle h, std::uint64_t& v, const std::string& f) { v = to_u64(h, f, kU64Max); }
void from_py(py::handle h, std::int16_t& v, const std::string& f) {
  v = static_cast<std::int16_t>(to_i64(h, f, -32768, 32767));
}
void from_py(py::handle h, bool& v, const std::string& f) { v = to_bool(h, f); }
void from_py(py::handle h, std::optional<std::uint16_t>& v, const std::string& f) {
  if (h.is_none()) {
    v.reset();
  } else {
    v = static_cast<std::uint16_t>(to_u64(h, f, 0xFFFF));
  }
}
void from_py(py::handle h, std::vector<bool>& v, const std::string& f) { v = to_bool_vec(h, f); }
void from_py(py::handle h, std::vector<std::uint64_t>& v, const std::string& f) { v = to_u64_vec(h, f); }
void from_py(py::handle h, std::vector<bt::yuma::WeightCommitQueue>& v, const std::string& f) {
  v = to_weight_commits(h, f);
}
void from_py(py::handle h, std::vector<bt::yuma::TimelockedCommits>& v, const std::string& f) {
  v = to_timelocked(h, f);
}

// Rows: None = no storage entry (recorded in the field's presence mask, if it has one).
void rows_from_py(py::handle h, EpochInput& in, const bt::yuma::fields::InputRowsField& f) {
  std::vector<bool> stored;
  in.*(f.member) = to_rows(h, f.name, &stored);
  if (f.stored) in.*(f.stored) = std::move(stored);
}

using Setter = std::function<void(EpochInput&, py::handle)>;

// Keyword name -> setter, built once from the field table.
const std::map<std::string, Setter>& input_fields() {
  static const auto* fields = [] {
    auto* m = new std::map<std::string, Setter>;
    bt::yuma::fields::for_each_input_field([&](const auto& f) {
      (*m)[f.name] = [f](EpochInput& in, py::handle h) {
        if constexpr (std::is_same_v<std::decay_t<decltype(f)>, bt::yuma::fields::InputRowsField>) {
          rows_from_py(h, in, f);
        } else {
          from_py(h, in.*(f.member), f.name);
        }
      };
    });
    return m;
  }();
  return *fields;
}

Variant variant_of(py::handle h) {
  if (!py::isinstance<py::str>(h)) bad_input("variant", "expected a string");
  return bt::py::unwrap(bt::yuma::parse_variant(h.cast<std::string>()));
}
Path path_of(py::handle h) {
  if (!py::isinstance<py::str>(h)) bad_input("path", "expected a string");
  return bt::py::unwrap(bt::yuma::parse_path(h.cast<std::string>()));
}

// ---- C++ -> Python

template <class T>
py::array_t<T> np_vec(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  auto w = a.template mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) w(static_cast<py::ssize_t>(i)) = v[i];
  return a;
}
py::array np_bools(const std::vector<bool>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  auto w = a.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) w(static_cast<py::ssize_t>(i)) = v[i];
  return a;
}
// (u64 or None)[n] as a masked uint64 array (mask = True where the value is None).
py::object np_optional_u64(const std::vector<std::optional<std::uint64_t>>& v) {
  std::vector<std::uint64_t> data(v.size());
  std::vector<bool> mask(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    data[i] = v[i].value_or(0);
    mask[i] = !v[i].has_value();
  }
  py::module_ ma = py::module_::import("numpy.ma");
  return ma.attr("masked_array")(np_vec(data), py::arg("mask") = np_bools(mask));
}
// A new reference to the Python int v in [0, 65535]: one object per value, made on first use and
// kept for the process (CPython itself keeps only -5..256), so an output row's pairs cost a tuple
// each and no int objects.
PyObject* u16_object(std::uint16_t v) {
  static PyObject** cache = [] {
    auto** c = new PyObject*[65536];
    std::fill_n(c, 65536, nullptr);
    return c;
  }();
  PyObject*& o = cache[v];
  if (o == nullptr) {
    o = PyLong_FromLong(v);
    if (o == nullptr) throw py::error_already_set();
  }
  Py_INCREF(o);
  return o;
}

// A row as a list of (uid, value) tuples, built with the C API (pybind11's append and make_tuple
// cost most of run_epoch's output time on bench b: ~0.25 us a pair).
py::list py_row(const Row& r) {
  py::list l = py::reinterpret_steal<py::list>(PyList_New(static_cast<Py_ssize_t>(r.size())));
  if (!l) throw py::error_already_set();
  for (std::size_t k = 0; k < r.size(); ++k) {
    py::object t = py::reinterpret_steal<py::object>(PyTuple_New(2));  // (NULL items are fine to drop)
    if (!t) throw py::error_already_set();
    PyTuple_SET_ITEM(t.ptr(), 0, u16_object(r[k].first));
    PyTuple_SET_ITEM(t.ptr(), 1, u16_object(r[k].second));
    PyList_SET_ITEM(l.ptr(), static_cast<Py_ssize_t>(k), t.release().ptr());
  }
  return l;
}
py::object py_int128_text(const std::string& s) {
  return py::reinterpret_steal<py::object>(PyLong_FromString(s.c_str(), nullptr, 10));
}

// ---- the field table -> Python values

template <class T>
py::object to_py(const T& v) {
  return py::cast(v);
}
template <class T>
py::object to_py(const std::vector<T>& v) {
  return np_vec(v);
}
py::object to_py(const std::vector<bool>& v) { return np_bools(v); }
py::object to_py(const std::optional<std::uint16_t>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}
py::object to_py(const std::vector<std::optional<std::uint64_t>>& v) { return np_optional_u64(v); }
py::object to_py(const std::vector<std::optional<Row>>& v) {
  py::list l;
  for (const auto& r : v) l.append(r ? py::object(py_row(*r)) : py::object(py::none()));
  return l;
}
py::object to_py(const std::vector<bt::yuma::WeightCommitQueue>& v) {
  py::list l;
  for (const auto& q : v) {
    py::list commits;
    for (const auto& [e, b] : q.commits) commits.append(py::make_tuple(e, b));
    l.append(py::make_tuple(q.uid, commits));
  }
  return l;
}
py::object to_py(const std::vector<bt::yuma::TimelockedCommits>& v) {
  py::list l;
  for (const auto& t : v) {
    py::list commits;
    for (const auto& [u, b] : t.commits) commits.append(py::make_tuple(u, b));
    l.append(py::make_tuple(t.commit_epoch, commits));
  }
  return l;
}
py::object rows_to_py(const EpochInput& in, const bt::yuma::fields::InputRowsField& f) {
  const auto& rows = in.*(f.member);
  py::list l;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool stored =
        f.stored == nullptr || i >= (in.*(f.stored)).size() || (in.*(f.stored))[i] || !rows[i].empty();
    l.append(stored ? py::object(py_row(rows[i])) : py::object(py::none()));
  }
  return l;
}

py::list py_trace(const std::vector<bt::yuma::TraceEntry>& trace) {
  using Kind = bt::yuma::TraceEntry::Kind;
  py::list l;
  for (const auto& t : trace) {
    py::dict d;
    d["label"] = t.label;
    switch (t.kind) {
      case Kind::vec_i32f32:
        d["type"] = "I32F32";
        d["kind"] = "vector";
        d["bits"] = np_vec(t.vec);
        break;
      case Kind::vec_i64f64: {
        d["type"] = "I64F64";
        d["kind"] = "vector";
        py::list bits;
        for (const auto& s : t.vec128) bits.append(py_int128_text(s));
        d["bits"] = bits;
        break;
      }
      case Kind::sparse_i32f32: {
        d["type"] = "I32F32";
        d["kind"] = "sparse";
        py::list rows;
        for (const auto& r : t.sparse) {
          py::list row;
          for (const auto& [j, b] : r) row.append(py::make_tuple(j, b));
          rows.append(row);
        }
        d["bits"] = rows;
        break;
      }
      case Kind::dense_i32f32: {
        d["type"] = "I32F32";
        d["kind"] = "dense";
        py::list rows;
        for (const auto& r : t.dense) rows.append(np_vec(r));
        d["bits"] = rows;
        break;
      }
    }
    l.append(d);
  }
  return l;
}

// post_state["bonds"]: a row equal to the row the epoch wrote (most of them) is a new list holding
// the same (uid, value) tuples as bonds_written's row (tuples are immutable, so sharing them is
// invisible), which halves the objects made for a large subnet's bonds (bench b: ~193k pairs).
py::object post_bonds_to_py(const EpochOutput& o, const py::object& written) {
  const auto& rows = o.post_state_bonds;
  py::list l = py::reinterpret_steal<py::list>(PyList_New(static_cast<Py_ssize_t>(rows.size())));
  if (!l) throw py::error_already_set();
  const bool have_written =
      written && PyList_CheckExact(written.ptr()) &&
      static_cast<std::size_t>(PyList_GET_SIZE(written.ptr())) == o.bonds_written.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    py::object row;
    if (!rows[i]) {
      row = py::none();
    } else if (have_written && i < o.bonds_written.size() && o.bonds_written[i] &&
               *o.bonds_written[i] == *rows[i]) {
      row = py::reinterpret_steal<py::object>(
          PyList_GetSlice(PyList_GET_ITEM(written.ptr(), static_cast<Py_ssize_t>(i)), 0, PY_SSIZE_T_MAX));
      if (!row) throw py::error_already_set();
    } else {
      row = py_row(*rows[i]);
    }
    PyList_SET_ITEM(l.ptr(), static_cast<Py_ssize_t>(i), row.release().ptr());
  }
  return l;
}

// How output rows are given: lists of (uid, value) tuples (the default, like the vectors), or one
// (k, 2) uint16 NumPy array per row (one object per row instead of one per pair; run_epoch reads
// such arrays back as rows, so outputs chain into the next epoch's inputs either way).
enum class RowForm { lists, arrays };

RowForm row_form_of(py::handle h) {
  if (!py::isinstance<py::str>(h)) bad_input("rows", "expected \"lists\" or \"arrays\"");
  const std::string s = h.cast<std::string>();
  if (s == "lists") return RowForm::lists;
  if (s == "arrays") return RowForm::arrays;
  bad_input("rows", "expected \"lists\" or \"arrays\", got \"" + s + "\"");
}

// A row as a (k, 2) uint16 array: column 0 the uids, column 1 the values.
py::array row_array(const Row& r) {
  static_assert(sizeof(Row::value_type) == 2 * sizeof(std::uint16_t));
  py::array_t<std::uint16_t> a({static_cast<py::ssize_t>(r.size()), py::ssize_t{2}});
  auto w = a.mutable_unchecked<2>();
  for (std::size_t k = 0; k < r.size(); ++k) {
    w(static_cast<py::ssize_t>(k), 0) = r[k].first;
    w(static_cast<py::ssize_t>(k), 1) = r[k].second;
  }
  return a;
}

py::object rows_as_arrays(const std::vector<std::optional<Row>>& v) {
  py::list l = py::reinterpret_steal<py::list>(PyList_New(static_cast<Py_ssize_t>(v.size())));
  if (!l) throw py::error_already_set();
  for (std::size_t i = 0; i < v.size(); ++i) {
    py::object row = v[i] ? py::object(row_array(*v[i])) : py::object(py::none());
    PyList_SET_ITEM(l.ptr(), static_cast<Py_ssize_t>(i), row.release().ptr());
  }
  return l;
}

// Pauses Python's cyclic garbage collector while a large output is built: every new tuple counts
// towards a collection, and each collection traverses the tracked objects (the caller's inputs
// too), none of which the build can make garbage.
class GcPause {
 public:
  GcPause() {
#if PY_VERSION_HEX >= 0x030A0000
    was_ = PyGC_Disable();
#endif
  }
  ~GcPause() {
#if PY_VERSION_HEX >= 0x030A0000
    if (was_) PyGC_Enable();
#endif
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  int was_ = 0;
};

// The outputs the variant/path produces, named like the vectors' `output` object.
py::dict output_dict(const EpochOutput& o, Variant v, Path p, RowForm rows = RowForm::lists) {
  const GcPause gc_pause;
  py::dict d;
  py::dict post;
  py::object written;  // bonds_written as converted (the field table lists it before post_state's bonds)
  bt::yuma::fields::for_each_output_field([&](const auto& f) {
    if (!f.applies(v, p)) return;
    py::object value;
    if constexpr (std::is_same_v<std::decay_t<decltype(o.*(f.member))>, std::vector<std::optional<Row>>>) {
      if (rows == RowForm::arrays) {
        value = rows_as_arrays(o.*(f.member));
      } else if (f.member == &EpochOutput::post_state_bonds) {
        value = post_bonds_to_py(o, written);
      } else {
        value = to_py(o.*(f.member));
        if (f.member == &EpochOutput::bonds_written) written = value;
      }
    } else {
      value = to_py(o.*(f.member));
    }
    if (f.parent) {
      post[f.name] = value;
    } else {
      d[f.name] = value;
    }
  });
  d["post_state"] = post;
  if (!o.trace.empty()) d["trace"] = py_trace(o.trace);
  return d;
}

// An EpochInput as keyword arguments for run_epoch (all fields; the variant ignores the others).
py::dict input_dict(const EpochInput& in) {
  py::dict d;
  bt::yuma::fields::for_each_input_field([&](const auto& f) {
    if constexpr (std::is_same_v<std::decay_t<decltype(f)>, bt::yuma::fields::InputRowsField>) {
      d[f.name] = rows_to_py(in, f);
    } else {
      d[f.name] = to_py(in.*(f.member));
    }
  });
  return d;
}

bt::yuma::Case load(const std::string& file) {
  // load_case_file refuses FIFOs, devices and oversized files itself (bt::read_regular_file).
  bt::Result<bt::yuma::Case> c = [&] {
    py::gil_scoped_release nogil;
    return bt::yuma::load_case_file(file);
  }();
  return bt::py::unwrap(std::move(c));
}

EpochOutput run(const EpochInput& in, Variant v, Path p, bool trace) {
  bt::yuma::EpochOptions opts;
  opts.trace = trace;
  bt::Result<EpochOutput> r = [&] {
    py::gil_scoped_release nogil;
    return bt::yuma::run_epoch(in, v, p, opts);
  }();
  return bt::py::unwrap(std::move(r));
}

// ---- simulation: stacked NumPy arrays over the epochs of one run

template <class T>
py::object stack_field(const std::vector<EpochOutput>& epochs, std::vector<T> EpochOutput::*member,
                       const std::string& name) {
  const std::size_t rows = epochs.size();
  const std::size_t cols = rows ? (epochs[0].*member).size() : 0;
  for (const auto& e : epochs) {
    if ((e.*member).size() != cols) bad_input(name, "vector length changes between epochs");
  }
  using Elem = std::conditional_t<std::is_same_v<T, std::optional<std::uint64_t>>, std::uint64_t, T>;
  py::array_t<Elem> data({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  auto w = data.template mutable_unchecked<2>();
  py::array_t<bool> mask({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  auto mw = mask.mutable_unchecked<2>();
  for (std::size_t r = 0; r < rows; ++r) {
    const auto& v = epochs[r].*member;
    for (std::size_t c = 0; c < cols; ++c) {
      if constexpr (std::is_same_v<T, std::optional<std::uint64_t>>) {
        w(r, c) = v[c].value_or(0);
        mw(r, c) = !v[c].has_value();
      } else {
        w(r, c) = v[c];
      }
    }
  }
  if constexpr (std::is_same_v<T, std::optional<std::uint64_t>>) {
    return py::module_::import("numpy.ma").attr("masked_array")(data, py::arg("mask") = mask);
  } else {
    return data;
  }
}

// {field: (epochs x entries) array for every per-uid output of the variant/path, "post_state":
// the storage after the last epoch, "next_input": kwargs of the epoch that would follow}.
py::dict run_result_dict(const bt::yuma::RunResult& r, const bt::yuma::Run& run) {
  py::dict d;
  bt::yuma::fields::for_each_output_field([&](const auto& f) {
    using M = std::decay_t<decltype(EpochOutput{}.*(f.member))>;
    if constexpr (!std::is_same_v<typename M::value_type, std::optional<Row>>) {
      if (f.parent || !f.applies(run.variant, run.path)) return;
      d[f.name] = stack_field(r.epochs, f.member, f.name);
    }
  });
  if (!r.epochs.empty()) d["post_state"] = output_dict(r.epochs.back(), run.variant, run.path)["post_state"];
  d["next_input"] = input_dict(r.next_input);
  return d;
}

EpochInput input_from_kwargs(py::handle h, const std::string& where) {
  if (!py::isinstance<py::dict>(h)) bad_input(where, "expected a dict of run_epoch keyword arguments");
  EpochInput in;
  const auto& fields = input_fields();
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(h)) {
    const std::string name = py::str(key);
    auto it = fields.find(name);
    if (it == fields.end()) bad_input(where, "unknown input field '" + name + "'");
    it->second(in, value);
  }
  return in;
}

// A sweep value as set_parameter text: bools as true/false, floats as a positional decimal
// ("0.3", "1.0"; never "1e-05"), integers and strings as they are.
std::string param_text(py::handle value) {
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True ? "true" : "false";
  py::module_ np = py::module_::import("numpy");
  if (py::isinstance(value, np.attr("bool_")))
    return value.attr("item")().ptr() == Py_True ? "true" : "false";
  if (PyFloat_Check(value.ptr()) || py::isinstance(value, np.attr("floating"))) {
    return np.attr("format_float_positional")(value, py::arg("unique") = true, py::arg("trim") = "0")
        .cast<std::string>();
  }
  return py::str(value).cast<std::string>();
}

// The engine of yuma.simulate / yuma.sweep (bittensor_cpp/_yuma_sim.py): inputs = list of kwargs
// dicts; overrides = None (one run per input) or a list of [(name, value text), ...] applied to
// the single input (one run per entry).
py::list run_batch(const py::list& inputs, const py::object& overrides, const std::string& variant,
                   const std::string& path, std::size_t epochs, std::uint64_t block_step,
                   bool stake_from_emission, unsigned threads, bool keep_all_epochs) {
  bt::yuma::Run proto;
  proto.variant = bt::py::unwrap(bt::yuma::parse_variant(variant));
  proto.path = bt::py::unwrap(bt::yuma::parse_path(path));
  proto.epochs = epochs;
  proto.chain.block_step = block_step;
  proto.chain.stake_from_emission = stake_from_emission;
  std::vector<bt::yuma::Run> runs;
  if (overrides.is_none()) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      runs.push_back(proto);
      runs.back().input = input_from_kwargs(inputs[i], "inputs[" + std::to_string(i) + "]");
    }
  } else {
    if (inputs.size() != 1) bad_input("inputs", "a sweep takes exactly one base input");
    proto.input = input_from_kwargs(inputs[0], "base");
    py::list points = as_list(overrides, "points");
    for (std::size_t k = 0; k < points.size(); ++k) {
      runs.push_back(proto);
      py::list point = as_list(points[k], "points[" + std::to_string(k) + "]");
      for (std::size_t a = 0; a < point.size(); ++a) {
        py::list pv = as_list(point[a], "points[" + std::to_string(k) + "][" + std::to_string(a) + "]");
        if (pv.size() != 2) bad_input("points", "expected (name, value) pairs");
        bt::py::unwrap(bt::yuma::set_parameter(runs.back().input, py::str(pv[0]).cast<std::string>(),
                                               param_text(pv[1])));
      }
    }
  }
  bt::yuma::SimulateOptions opts;
  opts.threads = threads;
  opts.keep_all_epochs = keep_all_epochs;
  std::vector<bt::Result<bt::yuma::RunResult>> results;
  {
    py::gil_scoped_release nogil;
    results = bt::yuma::simulate(runs, opts);
  }
  py::list out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i]) {
      bt::py::raise(bt::Error(results[i].error().code(),
                              "run " + std::to_string(i) + ": " + results[i].error().message()));
    }
    out.append(run_result_dict(*results[i], runs[i]));
  }
  return out;
}

}  // namespace

void init_yuma(py::module_& parent) {
  py::module_ m = parent.def_submodule(
      "yuma", "Exact Yuma consensus epoch of subtensor (variants head, feb2025, spec143).");
  // Importable as bittensor_cpp.yuma through bittensor_cpp/yuma.py (bittensor_cpp/_native.py).
  m.attr("VARIANTS") = py::make_tuple("head", "feb2025", "spec143");
  m.attr("PATHS") = py::make_tuple("sparse", "dense");

  m.def(
      "run_epoch",
      [](const py::kwargs& kwargs) {
        EpochInput in;
        Variant variant = Variant::head;
        Path path = Path::sparse;
        bool trace = false;
        RowForm rows = RowForm::lists;
        const auto& fields = input_fields();
        for (const auto& [key, value] : kwargs) {
          const std::string name = py::str(key);
          if (name == "variant") {
            variant = variant_of(value);
          } else if (name == "path") {
            path = path_of(value);
          } else if (name == "trace") {
            trace = to_bool(value, "trace");
          } else if (name == "rows") {
            rows = row_form_of(value);
          } else if (auto it = fields.find(name); it != fields.end()) {
            it->second(in, value);
          } else {
            throw py::type_error("run_epoch() got an unexpected keyword argument '" + name + "'");
          }
        }
        EpochOutput out = run(in, variant, path, trace);
        return output_dict(out, variant, path, rows);
      },
      R"doc(Runs one epoch and returns a dict of outputs.

Keyword arguments: the epoch inputs, named like the `input` object of the yuma-ref/1 vectors
(n, rao_emission, current_block, registered, last_update, block_at_registration, alpha_stake,
tao_stake / stake, validator_permit, weights, bonds, kappa, ...; omitted ones take the runtime
defaults), plus variant="head"|"feb2025"|"spec143", path="sparse"|"dense", trace=False, and
rows="lists"|"arrays" for the output rows (lists of (uid, value) tuples, or one (k, 2) uint16 array
per row: much faster on large subnets; run_epoch reads either back as input rows).
Vectors: lists or NumPy integer/bool arrays; rows: sequences of (uid, value) pairs, (k, 2) integer
arrays, or None.

Returns {"incentive": uint16 array, "emission": uint64 array, "server_emission": masked uint64
array (masked = no hotkey), "bonds_written": [None | [(uid, value), ...]], "post_state":
{"bonds", "validator_permit"}, ...} (the fields of the variant, as in the vectors) and "trace"
when trace=True. Raises YumaError on invalid input, TypeError on an unknown keyword.)doc");

  m.def(
      "epoch_with_mechanisms",
      [](const py::object& mechanisms, const py::object& emission_split, const py::kwargs& kwargs) {
        bt::yuma::MechanismsInput mi;
        const auto& fields = input_fields();
        for (const auto& [key, value] : kwargs) {
          const std::string name = py::str(key);
          if (auto it = fields.find(name); it != fields.end()) {
            it->second(mi.base, value);
          } else {
            throw py::type_error("epoch_with_mechanisms() got an unexpected keyword argument '" + name + "'");
          }
        }
        mi.rao_emission = mi.base.rao_emission;
        py::list mechs = as_list(mechanisms, "mechanisms");
        for (std::size_t k = 0; k < mechs.size(); ++k) {
          const std::string f = "mechanisms[" + std::to_string(k) + "]";
          if (!py::isinstance<py::dict>(mechs[k])) bad_input(f, "expected a dict");
          py::dict d = mechs[k];
          bt::yuma::MechanismState st;
          for (const auto& [key, value] : d) {
            const std::string name = py::str(key);
            const std::string fk = f + "." + name;
            if (name == "weights") {
              st.weights = to_rows(value, fk);
            } else if (name == "bonds") {
              st.bonds = to_rows(value, fk);
            } else if (name == "last_update") {
              st.last_update = to_u64_vec(value, fk);
            } else if (name == "weight_commits") {
              st.weight_commits = to_weight_commits(value, fk);
            } else if (name == "timelocked_commits") {
              st.timelocked_commits = to_timelocked(value, fk);
            } else {
              bad_input(fk,
                        "unknown mechanism field (weights, bonds, last_update, weight_commits, "
                        "timelocked_commits)");
            }
          }
          mi.mechanisms.push_back(std::move(st));
        }
        if (!emission_split.is_none()) {
          py::list l = as_list(emission_split, "emission_split");
          std::vector<std::uint16_t> split;
          for (std::size_t i = 0; i < l.size(); ++i) {
            split.push_back(static_cast<std::uint16_t>(
                to_u64(l[i], "emission_split[" + std::to_string(i) + "]", 0xFFFF)));
          }
          mi.emission_split = std::move(split);
        }
        bt::Result<bt::yuma::MechanismsOutput> r = [&] {
          py::gil_scoped_release nogil;
          return bt::yuma::epoch_with_mechanisms(mi);
        }();
        bt::yuma::MechanismsOutput out = bt::py::unwrap(std::move(r));
        py::dict d;
        d["sub_emissions"] = np_vec(out.sub_emissions);
        py::list per;
        for (const auto& o : out.mechanisms) per.append(output_dict(o, Variant::head, Path::sparse));
        d["mechanisms"] = per;
        py::dict agg = output_dict(out.aggregated, Variant::head, Path::sparse);
        agg.attr("pop")("bonds_written");
        agg.attr("pop")("post_state");
        d["aggregated"] = agg;
        return d;
      },
      py::arg("mechanisms"), py::arg("emission_split") = py::none(),
      R"doc(Head runtime, several mechanisms (subtensor epoch_with_mechanisms): keyword arguments are
the netuid-level inputs of run_epoch (rao_emission is split over the mechanisms); `mechanisms` is a
list of dicts with each mechanism's weights, bonds, last_update (and optionally weight_commits,
timelocked_commits); emission_split = MechanismEmissionSplit u16 proportions or None (equal split).
Returns {"sub_emissions": uint64 array, "mechanisms": [per-mechanism outputs], "aggregated":
netuid-level outputs}.)doc");

  m.def("_run_batch", &run_batch, py::arg("inputs"), py::arg("points"), py::arg("variant"), py::arg("path"),
        py::arg("epochs"), py::arg("block_step"), py::arg("stake_from_emission"), py::arg("threads"),
        py::arg("keep_all_epochs"),
        "Engine of simulate()/sweep() (see bittensor_cpp/_yuma_sim.py); releases the GIL while the "
        "runs execute on `threads` threads (0 = all cores).");
  {
    py::tuple names(bt::yuma::sweep_parameters().size());
    std::size_t i = 0;
    for (const auto& n : bt::yuma::sweep_parameters()) names[i++] = py::str(n);
    m.attr("SWEEP_PARAMETERS") = names;
  }
  m.def(
      "parameter_value",
      [](const std::string& name, const py::object& value) -> py::object {
        EpochInput in;
        bt::py::unwrap(bt::yuma::set_parameter(in, name, param_text(value)));
        const std::string v = bt::py::unwrap(bt::yuma::get_parameter(in, name));
        if (v == "true" || v == "false") return py::bool_(v == "true");
        return py::reinterpret_steal<py::object>(PyLong_FromString(v.c_str(), nullptr, 10));
      },
      py::arg("name"), py::arg("value"),
      "The storage value a sweep sets for `name` = `value` (an integer storage value, a bool, or a "
      "fraction with a '.' such as \"0.5\" for kappa -> 32768). Raises YumaError if invalid.");

  m.def(
      "load_case",
      [](const std::string& file) {
        bt::yuma::Case c = load(file);
        const GcPause gc_pause;  // (the steps' rows: hundreds of thousands of tuples on large cases)
        py::dict d;
        d["id"] = c.id;
        d["description"] = c.description;
        d["tags"] = c.tags;
        d["variant"] = bt::yuma::to_string(c.variant);
        d["path"] = bt::yuma::to_string(c.path);
        py::list steps;
        for (const auto& s : c.steps) {
          py::dict step;
          step["input"] = input_dict(s.input);
          step["expected"] = output_dict(s.expected, c.variant, c.path);
          step["derived"] = py::module_::import("json").attr("loads")(s.derived_json);
          steps.append(step);
        }
        d["steps"] = steps;
        return d;
      },
      py::arg("file"),
      R"doc(Reads a yuma-ref/1 case file: {"id", "description", "tags", "variant", "path",
"steps": [{"input": kwargs for run_epoch, "expected": outputs like run_epoch's, "derived"}]}.
Raises YumaError (malformed case, unreadable file).)doc");

  m.def(
      "run_case",
      [](const std::string& file, const py::object& variant, const py::object& path, bool trace) {
        bt::yuma::Case c = load(file);
        const Variant v = variant.is_none() ? c.variant : variant_of(variant);
        const Path p = path.is_none() ? c.path : path_of(path);
        py::list outs;
        for (const auto& s : c.steps) outs.append(output_dict(run(s.input, v, p, trace), v, p));
        return outs;
      },
      py::arg("file"), py::arg("variant") = py::none(), py::arg("path") = py::none(),
      py::arg("trace") = false,
      "Runs every step of a case file (with the case's variant/path unless given) and returns the "
      "list of output dicts.");

  m.def(
      "check_case",
      [](const std::string& file) {
        bt::yuma::Case c = load(file);
        std::vector<std::string> diffs;
        for (std::size_t k = 0; k < c.steps.size(); ++k) {
          EpochOutput out = run(c.steps[k].input, c.variant, c.path, false);
          for (auto& d : bt::yuma::diff_outputs(c.steps[k].expected, out)) {
            diffs.push_back("step " + std::to_string(k) + ": " + d);
          }
        }
        return diffs;
      },
      py::arg("file"),
      "Runs a case file and returns the differences from its expected outputs (empty = match).");
}
