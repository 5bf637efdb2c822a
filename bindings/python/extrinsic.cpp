// SPDX-License-Identifier: MIT
// bittensor_cpp.extrinsic: eras, signed extensions from metadata, signed/unsigned v4 extrinsics,
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

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
using namespace bt::extrinsic;
using bt::metadata::Metadata;

namespace {

using bt::py::HexBytes;
using bt::py::to_py;
bt::Hash256 to_hash(const py::object& o, const char* what) {
  return bt::py::tagged_arg<bt::Hash256>(o, what);
}

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
  p.genesis_hash = to_hash(genesis_hash, "genesis_hash");
  p.era = era;
  p.era_block_hash = era_block_hash.is_none() ? p.genesis_hash : to_hash(era_block_hash, "era_block_hash");
  p.nonce = nonce;
  p.tip = tip;
  if (!metadata_hash.is_none()) p.metadata_hash = to_hash(metadata_hash, "metadata_hash");
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
          "decode", [](const HexBytes& b) { return bt::py::unwrap(Era::decode(b.view())); }, py::arg("data"))
      .def("encode", [](const Era& e) { return to_py(e.encode()); })
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
        return py::make_tuple(to_py(ext.extra), to_py(ext.additional));
      },
      py::arg("metadata"), BT_PARAM_ARGS,
      "(extra, additional_signed) bytes of every signed extension the metadata lists, in order.");

  x.def(
      "build_signed",
      [](const Metadata& md, const HexBytes& call, const std::string& signer, const std::string& scheme,
         std::uint32_t sv, std::uint32_t tv, const py::object& gh, const Era& era, const py::object& bh,
         std::uint64_t nonce, std::uint64_t tip, const py::object& mh) {
        auto kp = keypair(signer, scheme);
        return to_py(bt::py::unwrap(
            build_signed(md, call.view(), kp, make_params(sv, tv, gh, era, bh, nonce, tip, mh))));
      },
      py::arg("metadata"), py::arg("call"), py::arg("signer_uri"), py::arg("scheme") = "sr25519",
      BT_PARAM_ARGS,
      "A signed v4 extrinsic of `call` (RuntimeCall bytes) signed by the key of `signer_uri` (e.g. "
      "'//Alice').");

  x.def(
      "build_unsigned", [](const HexBytes& call) { return to_py(build_unsigned(call.view())); },
      py::arg("call"));
  x.def(
      "extrinsic_hash", [](const HexBytes& xt) { return to_py(extrinsic_hash(xt.view()).to_bytes()); },
      py::arg("extrinsic"));

  x.def(
      "decode_extrinsic",
      [](const Metadata& md, const HexBytes& xt) {
        auto d = bt::py::unwrap(decode_extrinsic(md, xt.view()));
        py::dict out;
        out["version"] = d.version;
        out["signed"] = d.is_signed;
        out["signer"] = d.signer ? py::object(to_py(d.signer->to_bytes())) : py::object(py::none());
        out["signature"] = d.signature ? py::object(to_py(d.signature->encode())) : py::object(py::none());
        out["extra"] = to_py(d.extra);
        py::dict exts;
        for (const auto& e : d.extensions) exts[py::str(e.identifier)] = bt::metadata::to_json(e.value);
        out["extensions"] = exts;
        out["call"] = to_py(d.call);
        return out;
      },
      py::arg("metadata"), py::arg("extrinsic"),
      "Decodes an extrinsic: dict(version, signed, signer, signature, extra, extensions (JSON per "
      "extension), call).");

  x.def(
      "verify_extrinsic",
      [](const Metadata& md, const HexBytes& xt, const HexBytes& additional) {
        auto d = bt::py::unwrap(decode_extrinsic(md, xt.view()));
        return verify_extrinsic(d, additional.view());
      },
      py::arg("metadata"), py::arg("extrinsic"), py::arg("additional"));
}
