// SPDX-License-Identifier: MIT
// bittensor_cpp.Metadata (runtime metadata V14/V15/V16) and, in bittensor_cpp.scale, encoding and
// decoding of values by metadata type plus storage key helpers.
//
// Values cross into Python as plain objects: composite with named fields -> dict, unnamed -> list
// (a single unnamed field -> its value), variant -> "Name" or {"Name": fields} (Option -> None or the
// value), sequences/arrays/tuples -> list, Vec<u8>/[u8; N] -> bytes, integers -> int (any size),
// bool, str. The reverse mapping accepts the same shapes (plus "0x.." strings for bytes and
// decimal strings for integers), following bt::metadata::encode_value's rules.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/metadata/calls.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>

#include <nlohmann/json.hpp>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
using namespace bt::metadata;

namespace {

py::bytes to_py_bytes(bt::ByteView b) { return bt::py::to_py(b); }
py::int_ int_from_decimal(const std::string& s) {
  return py::reinterpret_steal<py::int_>(PyLong_FromString(s.c_str(), nullptr, 10));
}

py::object to_py(const Value& v);

py::object fields_to_py(const Value& v) {
  if (v.has_named_fields()) {
    py::dict d;
    for (std::size_t i = 0; i < v.items().size(); ++i) d[py::str(v.names()[i])] = to_py(v.items()[i]);
    return d;
  }
  if (v.items().size() == 1) return to_py(v.items()[0]);
  py::list l;
  for (const auto& x : v.items()) l.append(to_py(x));
  return l;
}

py::object to_py(const Value& v) {
  switch (v.kind()) {
    case ValueKind::Composite:
      if (v.items().empty()) return py::list();
      return fields_to_py(v);
    case ValueKind::Variant: {
      if (v.name() == "None" && v.items().empty()) return py::none();
      if (v.name() == "Some" && v.items().size() == 1 && !v.has_named_fields()) return to_py(v.items()[0]);
      if (v.items().empty()) return py::str(v.name());
      py::dict d;
      d[py::str(v.name())] = fields_to_py(v);
      return d;
    }
    case ValueKind::Tuple:
      if (v.items().empty()) return py::none();
      [[fallthrough]];
    case ValueKind::Sequence:
    case ValueKind::Array: {
      py::list l;
      for (const auto& x : v.items()) l.append(to_py(x));
      return l;
    }
    case ValueKind::BitSeq: {
      py::list l;
      for (bool b : v.as_bits()) l.append(py::bool_(b));
      return l;
    }
    case ValueKind::Bool:
      return py::bool_(v.as_bool());
    case ValueKind::Char:
      return py::str(nlohmann::json::parse(to_json(v)).get<std::string>());
    case ValueKind::Str:
      return py::str(v.str());
    case ValueKind::UInt:
      return int_from_decimal(bt::scale::to_string(v.as_u128()));
    case ValueKind::Int:
      return int_from_decimal(bt::scale::to_string(v.as_i128()));
    case ValueKind::U256:
      return int_from_decimal(bt::scale::to_string(v.as_u256()));
    case ValueKind::I256:
      return int_from_decimal(bt::scale::to_string(v.as_i256()));
    case ValueKind::Bytes:
      return to_py_bytes(v.as_bytes());
  }
  return py::none();
}

Value from_py(const py::handle& o, int depth = 0) {
  if (depth > 128) throw py::value_error("value nested too deeply");
  if (o.is_none()) return Value::tuple({});
  if (py::isinstance<py::bool_>(o)) return Value::boolean(o.cast<bool>());
  if (py::isinstance<py::int_>(o)) {
    std::string s = py::str(o);
    if (!s.empty() && s[0] == '-') {
      auto r = bt::scale::parse_i128(s);
      return r ? Value::i(*r) : Value::string(s);
    }
    auto r = bt::scale::parse_u128(s);
    return r ? Value::u(*r) : Value::string(s);
  }
  if (py::isinstance<py::str>(o)) return Value::string(o.cast<std::string>());
  if (PyObject_CheckBuffer(o.ptr()))
    return Value::bytes(bt::py::bytes_arg(o));  // bytes, bytearray, memoryview
  if (py::isinstance<py::bytearray>(o)) {
    std::string s = o.cast<std::string>();
    return Value::bytes(bt::Bytes(s.begin(), s.end()));
  }
  if (py::isinstance<py::dict>(o)) {
    Value::NamedFields f;
    for (auto item : o.cast<py::dict>())
      f.emplace_back(py::str(item.first).cast<std::string>(), from_py(item.second, depth + 1));
    return Value::composite(std::move(f));
  }
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    std::vector<Value> items;
    for (auto x : o) items.push_back(from_py(x, depth + 1));
    return Value::sequence(std::move(items));
  }
  throw py::type_error("cannot convert " + std::string(py::str(o.get_type())) + " to a SCALE value");
}

py::dict event_to_py(const EventRecord& e) {
  py::dict d;
  const char* phases[] = {"ApplyExtrinsic", "Finalization", "Initialization"};
  d["phase"] = phases[static_cast<int>(e.phase.kind)];
  d["extrinsic_index"] = e.phase.kind == Phase::Kind::ApplyExtrinsic
                             ? py::object(py::int_(e.phase.extrinsic_index))
                             : py::none();
  d["pallet"] = e.pallet;
  d["name"] = e.name;
  d["pallet_index"] = e.pallet_index;
  d["event_index"] = e.event_index;
  d["fields"] = to_py(e.fields);
  py::list topics;
  for (const auto& t : e.topics) topics.append(to_py_bytes(t.to_bytes()));
  d["topics"] = topics;
  return d;
}

py::dict dispatch_error_to_py(const DispatchErrorInfo& info) {
  py::dict d;
  d["kind"] = info.kind;
  d["message"] = info.to_string();
  if (info.module) {
    d["pallet"] = info.module->pallet;
    d["error"] = info.module->name;
    d["docs"] = info.module->docs;
    d["pallet_index"] = info.module->pallet_index;
    d["error_index"] = info.module->error_index;
  }
  d["value"] = to_py(info.value);
  return d;
}

StorageHasher hasher_from_name(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(StorageHasher::Identity); ++i)
    if (name == hasher_name(static_cast<StorageHasher>(i))) return static_cast<StorageHasher>(i);
  throw py::value_error("unknown hasher '" + name + "'");
}

std::vector<Value> keys_from_py(const py::object& keys) {
  std::vector<Value> out;
  if (keys.is_none()) return out;
  for (auto k : keys) out.push_back(from_py(k));
  return out;
}

py::dict summary(const Metadata& md) {
  py::list pallets;
  for (const auto& p : md.pallets) {
    py::dict d;
    auto names = [](const std::vector<Variant>& vs) {
      py::list l;
      for (const auto& v : vs) l.append(v.name);
      return l;
    };
    d["name"] = p.name;
    d["index"] = p.index;
    d["calls"] = names(md.calls(p));
    py::list storage, constants;
    for (const auto& e : p.storage) storage.append(e.name);
    for (const auto& c : p.constants) constants.append(c.name);
    d["storage"] = storage;
    d["events"] = names(md.events(p));
    d["errors"] = names(md.errors(p));
    d["constants"] = constants;
    pallets.append(d);
  }
  py::list ext;
  for (const auto& x : md.extrinsic.extensions) ext.append(x.identifier);
  py::dict extrinsic;
  extrinsic["version"] = md.extrinsic.versions.empty() ? 0 : md.extrinsic.versions.back();
  extrinsic["extensions"] = ext;
  py::dict out;
  out["version"] = md.version;
  out["pallets"] = pallets;
  out["extrinsic"] = extrinsic;
  return out;
}

}  // namespace

void init_metadata(py::module_& m) {
  py::module_ mm = m.def_submodule("metadata", "Runtime metadata (V14/V15/V16).");
  py::class_<Metadata, std::shared_ptr<Metadata>> cls(
      mm, "Metadata", "Decoded runtime metadata. Build with Metadata.from_bytes(raw_or_hex).");
  cls.def_static(
         "from_bytes",
         [](const py::object& data) {
           // Text is hex as state_getMetadata returns it (0x optional, whitespace and quotes allowed).
           bt::Bytes b;
           if (PyUnicode_Check(data.ptr())) {
             const std::string text = data.cast<std::string>();
             b.assign(text.begin(), text.end());
           } else {
             b = bt::py::bytes_arg(data, bt::py::Text::none, "data");
           }
           return std::make_shared<Metadata>(bt::py::unwrap(Metadata::from_hex_or_bytes(b)));
         },
         py::arg("data"),
         "Decodes metadata from raw SCALE bytes or 0x-hex text (as state_getMetadata returns).")
      .def_property_readonly("version", [](const Metadata& md) { return md.version; })
      .def_property_readonly("pallet_names",
                             [](const Metadata& md) {
                               std::vector<std::string> out;
                               for (const auto& p : md.pallets) out.push_back(p.name);
                               return out;
                             })
      .def("summary", &summary,
           "Pallets (calls, storage, events, errors, constants) and extrinsic extensions.")
      .def(
          "pallet_index",
          [](const Metadata& md, const std::string& pallet) {
            return bt::py::unwrap(md.require_pallet(pallet))->index;
          },
          py::arg("pallet"))
      .def(
          "call_index",
          [](const Metadata& md, const std::string& pallet, const std::string& call) {
            const Pallet* p = bt::py::unwrap(md.require_pallet(pallet));
            const Variant* v = bt::py::unwrap(md.require_call(pallet, call));
            return py::make_tuple(p->index, v->index);
          },
          py::arg("pallet"), py::arg("call"), "(pallet index, call index).")
      .def(
          "call_args",
          [](const Metadata& md, const std::string& pallet, const std::string& call) {
            const Variant* v = bt::py::unwrap(md.require_call(pallet, call));
            py::list out;
            for (const auto& f : v->fields)
              out.append(py::make_tuple(f.name.value_or(""), md.types.type_name(f.type), f.type));
            return out;
          },
          py::arg("pallet"), py::arg("call"), "[(name, type name, type id)] of the call's arguments.")
      .def(
          "encode_call",
          [](const Metadata& md, const std::string& pallet, const std::string& call, const py::object& args) {
            return to_py_bytes(bt::py::unwrap(encode_call(md, pallet, call, from_py(args))));
          },
          py::arg("pallet"), py::arg("call"), py::arg("args"),
          "RuntimeCall bytes of pallet.call(args); args is a dict by name or a list by position.")
      .def(
          "decode_call",
          [](const Metadata& md, const bt::py::HexBytes& data) {
            DecodedCall c = bt::py::unwrap(decode_call(md, data.view()));
            py::dict d;
            d["pallet"] = c.pallet;
            d["call"] = c.call;
            d["pallet_index"] = c.pallet_index;
            d["call_index"] = c.call_index;
            d["args"] = py::reinterpret_borrow<py::dict>(to_py(c.args))[py::str(c.call)];
            return d;
          },
          py::arg("data"))
      .def(
          "constant",
          [](const Metadata& md, const std::string& pallet, const std::string& name) {
            return to_py(bt::py::unwrap(constant_value(md, pallet, name)));
          },
          py::arg("pallet"), py::arg("name"), "Decoded value of a pallet constant.")
      .def(
          "storage_key",
          [](const Metadata& md, const std::string& pallet, const std::string& entry,
             const py::object& keys) {
            return to_py_bytes(bt::py::unwrap(storage_key(md, pallet, entry, keys_from_py(keys))));
          },
          py::arg("pallet"), py::arg("entry"), py::arg("keys") = py::none(),
          "Storage key; fewer keys than the entry has gives the prefix for iteration.")
      .def(
          "decode_storage_key",
          [](const Metadata& md, const std::string& pallet, const std::string& entry,
             const bt::py::HexBytes& key) {
            auto parts = bt::py::unwrap(decode_storage_key(md, pallet, entry, key.view()));
            py::list out;
            for (const auto& p : parts)
              out.append(p.value ? to_py(*p.value) : py::object(to_py_bytes(p.hash)));
            return out;
          },
          py::arg("pallet"), py::arg("entry"), py::arg("key"),
          "Key parts: the decoded key for Concat/Identity hashers, else the hash bytes.")
      .def(
          "decode_storage_value",
          [](const Metadata& md, const std::string& pallet, const std::string& entry,
             const py::object& data) {
            if (data.is_none()) {
              auto d = bt::py::unwrap(storage_default(md, pallet, entry));
              return d ? to_py(*d) : py::object(py::none());
            }
            return to_py(bt::py::unwrap(
                decode_storage_value(md, pallet, entry, bt::py::bytes_arg(data, bt::py::Text::hex, "data"))));
          },
          py::arg("pallet"), py::arg("entry"), py::arg("data"),
          "Decodes a storage value; data=None gives the entry's default (None for Optional entries).")
      .def(
          "decode_events",
          [](const Metadata& md, const bt::py::HexBytes& data) {
            auto evs = bt::py::unwrap(decode_events(md, data.view()));
            py::list out;
            for (const auto& e : evs) out.append(event_to_py(e));
            return out;
          },
          py::arg("data"), "Decodes the System.Events storage value into a list of dicts.")
      .def(
          "decode_dispatch_error",
          [](const Metadata& md, const bt::py::HexBytes& data) {
            return dispatch_error_to_py(bt::py::unwrap(decode_dispatch_error(md, data.view())));
          },
          py::arg("data"), "Decodes sp_runtime::DispatchError; module errors get pallet/error/docs.")
      .def(
          "type_name",
          [](const Metadata& md, std::uint32_t id) {
            if (!md.types.find(id))
              bt::py::raise(bt::Error(MetadataError::unknown_type, "type id " + std::to_string(id)));
            return md.types.type_name(id);
          },
          py::arg("type_id"))
      .def_property_readonly("type_count", [](const Metadata& md) { return md.types.size(); });
  m.attr("Metadata") = cls;

  py::module_ s = py::hasattr(m, "scale") ? m.attr("scale").cast<py::module_>() : m.def_submodule("scale");
  s.def(
      "encode_value",
      [](const Metadata& md, std::uint32_t type_id, const py::object& value) {
        return to_py_bytes(bt::py::unwrap(encode_value(md.types, type_id, from_py(value))));
      },
      py::arg("metadata"), py::arg("type_id"), py::arg("value"),
      "Encodes a Python value as registry type type_id.");
  s.def(
      "decode_value",
      [](const Metadata& md, std::uint32_t type_id, const bt::py::HexBytes& data) {
        return to_py(bt::py::unwrap(decode_value(md.types, type_id, data.view())));
      },
      py::arg("metadata"), py::arg("type_id"), py::arg("data"),
      "Decodes bytes (whole input) as registry type type_id.");
  s.def(
      "decode_value_json",
      [](const Metadata& md, std::uint32_t type_id, const bt::py::HexBytes& data) {
        return to_json(bt::py::unwrap(decode_value(md.types, type_id, data.view())));
      },
      py::arg("metadata"), py::arg("type_id"), py::arg("data"),
      "Like decode_value, as JSON text (big integers as strings).");
  s.def(
      "storage_prefix",
      [](const std::string& pallet, const std::string& entry) {
        return to_py_bytes(storage_prefix(pallet, entry));
      },
      py::arg("pallet_prefix"), py::arg("entry"), "twox128(pallet) ++ twox128(entry).");
  s.def(
      "hash_key",
      [](const std::string& hasher, const bt::py::HexBytes& data) {
        return to_py_bytes(hash_key_part(hasher_from_name(hasher), data.view()));
      },
      py::arg("hasher"), py::arg("data"),
      "Applies a storage hasher (Blake2_128, Blake2_256, Blake2_128Concat, Twox128, Twox256, Twox64Concat, "
      "Identity).");
  s.def(
      "storage_key",
      [](const Metadata& md, const std::string& pallet, const std::string& entry, const py::object& keys) {
        return to_py_bytes(bt::py::unwrap(storage_key(md, pallet, entry, keys_from_py(keys))));
      },
      py::arg("metadata"), py::arg("pallet"), py::arg("entry"), py::arg("keys") = py::none());
}
