// SPDX-License-Identifier: MIT
// bittensor_cpp.subtensor: weights conversion (as bittensor), commit hash, SubtensorModule calls.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/crypto/ss58.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/weights.hpp>
#include <string>
#include <vector>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
using namespace bt::subtensor;
using bt::metadata::Metadata;

namespace {
using bt::crypto::AccountId32;
using bt::py::to_py;

std::vector<std::int64_t> int_list(const py::object& o) {
  auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a || a.ndim() != 1) throw py::value_error("expected a 1-D sequence of integers");
  return std::vector<std::int64_t>(a.data(), a.data() + a.size());
}
std::vector<std::uint16_t> u16_list(const std::vector<std::int64_t>& v, const char* what) {
  std::vector<std::uint16_t> out;
  for (auto x : v) {
    if (x < 0 || x > 0xffff) throw py::value_error(std::string(what) + " must be in 0..65535");
    out.push_back(static_cast<std::uint16_t>(x));
  }
  return out;
}
EmitWeights emit_of(const py::object& uids, const py::object& weights) {
  return EmitWeights{u16_list(int_list(uids), "uids"), u16_list(int_list(weights), "weights")};
}
}  // namespace

void init_subtensor(py::module_& m) {
  py::module_ s =
      m.def_submodule("subtensor", "Subtensor operations: weights, commit hash, SubtensorModule calls.");

  s.def(
      "convert_weights_and_uids_for_emit",
      [](const py::object& uids, const py::object& weights) {
        auto u = int_list(uids);
        bt::Result<EmitWeights> r = EmitWeights{};
        auto arr = py::array::ensure(weights);
        if (arr && arr.dtype().is(py::dtype::of<float>())) {
          auto f = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(weights);
          if (f.ndim() != 1) throw py::value_error("weights must be 1-D");
          r = convert_weights_and_uids_for_emit(
              u, std::span<const float>(f.data(), static_cast<std::size_t>(f.size())));
        } else {
          auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(weights);
          if (!d || d.ndim() != 1) throw py::value_error("weights must be a 1-D sequence of numbers");
          r = convert_weights_and_uids_for_emit(
              u, std::span<const double>(d.data(), static_cast<std::size_t>(d.size())));
        }
        auto e = bt::py::unwrap(std::move(r));
        return py::make_tuple(std::vector<int>(e.uids.begin(), e.uids.end()),
                              std::vector<int>(e.weights.begin(), e.weights.end()));
      },
      py::arg("uids"), py::arg("weights"),
      "bittensor's convert_weights_and_uids_for_emit: (uids, u16 weights). numpy float32 weights are widened "
      "to "
      "double first (as .tolist() does); other inputs are used as doubles.");

  s.def(
      "commit_weights_hash",
      [](const AccountId32& hotkey, std::uint16_t netuid_index, const py::object& uids,
         const py::object& values, const py::object& salt, std::uint64_t version_key) {
        auto u = u16_list(int_list(uids), "uids");
        auto v = u16_list(int_list(values), "values");
        auto sl = u16_list(int_list(salt), "salt");
        return commit_weights_hash(hotkey, netuid_index, u, v, sl, version_key);
      },
      py::arg("hotkey"), py::arg("netuid_index"), py::arg("uids"), py::arg("values"), py::arg("salt"),
      py::arg("version_key"),
      "The commit hash of commit_weights: blake2b-256 of SCALE (hotkey, netuid_index, uids, values, salt, "
      "version_key). The hotkey is an AccountId32: 32 bytes, 0x hex or an SS58 address.");

  s.def(
      "set_weights_call",
      [](const Metadata& md, std::uint16_t netuid, const py::object& uids, const py::object& weights,
         std::uint64_t vk) {
        return to_py(bt::py::unwrap(set_weights_call(md, netuid, emit_of(uids, weights), vk)));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("uids"), py::arg("weights"), py::arg("version_key") = 0,
      "RuntimeCall bytes of SubtensorModule.set_weights (weights already u16, e.g. from "
      "convert_weights_and_uids_for_emit).");
  s.def(
      "commit_weights_call",
      [](const Metadata& md, std::uint16_t netuid, const bt::Hash256& h) {
        return to_py(bt::py::unwrap(commit_weights_call(md, netuid, h)));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("commit_hash"));
  s.def(
      "add_stake_call",
      [](const Metadata& md, const AccountId32& hotkey, std::uint16_t netuid, std::uint64_t amount) {
        return to_py(bt::py::unwrap(add_stake_call(md, hotkey, netuid, amount)));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("amount_rao"));
  s.def(
      "remove_stake_call",
      [](const Metadata& md, const AccountId32& hotkey, std::uint16_t netuid, std::uint64_t amount) {
        return to_py(bt::py::unwrap(remove_stake_call(md, hotkey, netuid, amount)));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("amount"));
  s.def(
      "burned_register_call",
      [](const Metadata& md, std::uint16_t netuid, const AccountId32& hotkey) {
        return to_py(bt::py::unwrap(burned_register_call(md, netuid, hotkey)));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("hotkey"));
  s.def(
      "serve_axon_call",
      [](const Metadata& md, std::uint16_t netuid, std::uint32_t version, std::uint64_t ip,
         std::uint16_t port, std::uint8_t ip_type, std::uint8_t protocol) {
        AxonParams a;
        a.version = version;
        a.ip = ip;
        a.port = port;
        a.ip_type = ip_type;
        a.protocol = protocol;
        return to_py(bt::py::unwrap(serve_axon_call(md, netuid, a)));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("version"), py::arg("ip"), py::arg("port"),
      py::arg("ip_type") = 4, py::arg("protocol") = 4);
  s.def(
      "transfer_keep_alive_call",
      [](const Metadata& md, const AccountId32& dest, std::uint64_t amount) {
        return to_py(bt::py::unwrap(transfer_keep_alive_call(md, dest, amount)));
      },
      py::arg("metadata"), py::arg("dest"), py::arg("amount_rao"));
}
