// SPDX-License-Identifier: MIT
// bittensor_cpp._core.extrinsic: eras, signed extensions from metadata, signed/unsigned v4 extrinsics,
// decoding. Offline: what needs a node (create_signed, submit, query_fee, find_outcome) is in
// bittensor_cpp.client.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/extrinsic/era.hpp>
#include <bt/extrinsic/extensions.hpp>
#include <bt/metadata/value.hpp>
#include <string>

#include "errors.hpp"

namespace py = pybind11;
using namespace bt::extrinsic;
using bt::metadata::Metadata;

namespace {

bt::Bytes to_bytes(const py::object& o) {
  if (py::isinstance<py::str>(o)) return bt::py::unwrap(bt::from_hex(o.cast<std::string>()));
  std::string s = o.cast<py::bytes>();
  return bt::Bytes(s.begin(), s.end());
}
py::bytes pyb(const bt::Bytes& b) { return py::bytes(reinterpret_cast<const char*>(b.data()), b.size()); }
bt::Hash256 to_hash(const py::object& o) { return bt::py::unwrap(bt::Hash256::from_view(to_bytes(o))); }

bt::crypto::Keypair keypair(const std::string& uri, const std::string& scheme) {
  auto sch = bt::py::unwrap(bt::crypto::parse_scheme(scheme));
  return bt::py::unwrap(bt::crypto::Keypair::from_uri(uri, sch));
}

ExtensionParams make_params(std::uint32_t spec_version, std::uint32_t transaction_version,
                            const py::object& genesis_hash, const Era& era, const py::object& era_block_hash,
                            std::uint64_t nonce, std::uint64_t tip, const py::object& metadata_hash) {
  ExtensionParams p;
  p.spec_version = spec_version;
  p.transaction_version = transaction_version;
  p.genesis_hash = to_hash(genesis_hash);
  p.era = era;
  p.era_block_hash = era_block_hash.is_none() ? p.genesis_hash : to_hash(era_block_hash);
  p.nonce = nonce;
  p.tip = tip;
  if (!metadata_hash.is_none()) p.metadata_hash = to_hash(metadata_hash);
  return p;
}

#define BT_PARAM_ARGS                                                                                 \
  py::kw_only(), py::arg("spec_version"), py::arg("transaction_version"), py::arg("genesis_hash"),    \
      py::arg("era") = Era::immortal(), py::arg("era_block_hash") = py::none(), py::arg("nonce") = 0, \
      py::arg("tip") = 0, py::arg("metadata_hash") = py::none()

}  // namespace

void init_extrinsic(py::module_& m) {
  py::module_ x =
      m.def_submodule("extrinsic", "Signed and unsigned extrinsics (format v4) built from metadata.");

  py::class_<Era>(x, "Era", "Transaction era (sp_runtime Era): immortal or mortal(period, phase).")
      .def(py::init<>())
      .def_static("immortal", &Era::immortal)
      .def_static(
          "mortal", &Era::mortal, py::arg("period"), py::arg("current"),
          "Era of at least `period` blocks containing block `current` (Substrate rounding/quantization).")
      .def_static(
          "from_period_phase",
          [](std::uint64_t p, std::uint64_t ph) { return bt::py::unwrap(Era::from_period_phase(p, ph)); },
          py::arg("period"), py::arg("phase"))
      .def_static(
          "decode", [](const py::object& b) { return bt::py::unwrap(Era::decode(to_bytes(b))); },
          py::arg("data"))
      .def("encode", [](const Era& e) { return pyb(e.encode()); })
      .def_property_readonly("is_immortal", &Era::is_immortal)
      .def_property_readonly("period", &Era::period)
      .def_property_readonly("phase", &Era::phase)
      .def("birth", &Era::birth, py::arg("current"))
      .def("death", &Era::death, py::arg("current"))
      .def("__eq__", [](const Era& a, const Era& b) { return a == b; })
      .def("__repr__", [](const Era& e) {
        return e.is_immortal() ? std::string("Era.immortal()")
                               : "Era(period=" + std::to_string(e.period()) +
                                     ", phase=" + std::to_string(e.phase()) + ")";
      });

  x.def(
      "encode_extensions",
      [](const Metadata& md, std::uint32_t sv, std::uint32_t tv, const py::object& gh, const Era& era,
         const py::object& bh, std::uint64_t nonce, std::uint64_t tip, const py::object& mh) {
        auto ext = bt::py::unwrap(encode_extensions(md, make_params(sv, tv, gh, era, bh, nonce, tip, mh)));
        return py::make_tuple(pyb(ext.extra), pyb(ext.additional));
      },
      py::arg("metadata"), BT_PARAM_ARGS,
      "(extra, additional_signed) bytes of every signed extension the metadata lists, in order.");

  x.def(
      "build_signed",
      [](const Metadata& md, const py::object& call, const std::string& signer, const std::string& scheme,
         std::uint32_t sv, std::uint32_t tv, const py::object& gh, const Era& era, const py::object& bh,
         std::uint64_t nonce, std::uint64_t tip, const py::object& mh) {
        auto kp = keypair(signer, scheme);
        return pyb(bt::py::unwrap(
            build_signed(md, to_bytes(call), kp, make_params(sv, tv, gh, era, bh, nonce, tip, mh))));
      },
      py::arg("metadata"), py::arg("call"), py::arg("signer_uri"), py::arg("scheme") = "sr25519",
      BT_PARAM_ARGS,
      "A signed v4 extrinsic of `call` (RuntimeCall bytes) signed by the key of `signer_uri` (e.g. "
      "'//Alice').");

  x.def(
      "build_unsigned", [](const py::object& call) { return pyb(build_unsigned(to_bytes(call))); },
      py::arg("call"));
  x.def(
      "extrinsic_hash", [](const py::object& xt) { return pyb(extrinsic_hash(to_bytes(xt)).to_bytes()); },
      py::arg("extrinsic"));

  x.def(
      "decode_extrinsic",
      [](const Metadata& md, const py::object& xt) {
        auto d = bt::py::unwrap(decode_extrinsic(md, to_bytes(xt)));
        py::dict out;
        out["version"] = d.version;
        out["signed"] = d.is_signed;
        out["signer"] = d.signer ? py::object(pyb(d.signer->to_bytes())) : py::object(py::none());
        out["signature"] = d.signature ? py::object(pyb(d.signature->encode())) : py::object(py::none());
        out["extra"] = pyb(d.extra);
        py::dict exts;
        for (const auto& e : d.extensions) exts[py::str(e.identifier)] = bt::metadata::to_json(e.value);
        out["extensions"] = exts;
        out["call"] = pyb(d.call);
        return out;
      },
      py::arg("metadata"), py::arg("extrinsic"),
      "Decodes an extrinsic: dict(version, signed, signer, signature, extra, extensions (JSON per "
      "extension), call).");

  x.def(
      "verify_extrinsic",
      [](const Metadata& md, const py::object& xt, const py::object& additional) {
        auto d = bt::py::unwrap(decode_extrinsic(md, to_bytes(xt)));
        return verify_extrinsic(d, to_bytes(additional));
      },
      py::arg("metadata"), py::arg("extrinsic"), py::arg("additional"));
}
