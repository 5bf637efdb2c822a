// SPDX-License-Identifier: MIT
// bittensor_cpp.subtensor (continued): the call builders of every operation (calls.hpp, calls_stake.hpp,
// calls_admin.hpp), the SDK's weight processing and the set_weights pre-flight (weights_chain.hpp). Added to
// the `subtensor` submodule that subtensor.cpp creates (registered after it).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/client/client.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/calls_stake.hpp>
#include <bt/subtensor/weights.hpp>
#include <bt/subtensor/weights_chain.hpp>
#include <string>
#include <vector>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
using namespace bt::subtensor;
using bt::Bytes;
using bt::crypto::AccountId32;
using bt::metadata::Metadata;
using bt::py::to_py;

namespace {
std::vector<std::int64_t> ints(const py::object& o, const char* what) {
  auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a || a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-D sequence of integers");
  return std::vector<std::int64_t>(a.data(), a.data() + a.size());
}
std::vector<std::uint16_t> u16s(const py::object& o, const char* what) {
  std::vector<std::uint16_t> out;
  for (auto x : ints(o, what)) {
    if (x < 0 || x > 0xffff) throw py::value_error(std::string(what) + " must be in 0..65535");
    out.push_back(static_cast<std::uint16_t>(x));
  }
  return out;
}
// numpy's astype(float32) of any 1-D numeric input (the SDK's first step).
std::vector<float> f32s(const py::object& o, const char* what) {
  auto a = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a || a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-D sequence of numbers");
  return std::vector<float>(a.data(), a.data() + a.size());
}
py::object weights_array(const ProcessedWeights& p) {
  if (p.float32) {
    py::array_t<float> a(static_cast<py::ssize_t>(p.weights.size()));
    for (std::size_t i = 0; i < p.weights.size(); ++i) a.mutable_at(i) = static_cast<float>(p.weights[i]);
    return a;
  }
  return py::array_t<double>(static_cast<py::ssize_t>(p.weights.size()), p.weights.data());
}
py::tuple processed(const ProcessedWeights& p) {
  return py::make_tuple(py::array_t<std::int64_t>(static_cast<py::ssize_t>(p.uids.size()), p.uids.data()),
                        weights_array(p));
}
py::bytes call(bt::Result<Bytes> r) { return to_py(bt::py::unwrap(std::move(r))); }
std::vector<Bytes> call_list(const std::vector<bt::py::HexBytes>& calls) {
  std::vector<Bytes> out;
  for (const auto& c : calls) out.push_back(c.to_bytes());
  return out;
}
}  // namespace

void init_subtensor_ops(py::module_& m) {
  py::module_ s = m.attr("subtensor").cast<py::module_>();

  // ---- weights (calls.hpp)
  s.def(
      "reveal_weights_call",
      [](const Metadata& md, std::uint16_t netuid, const py::object& uids, const py::object& values,
         const py::object& salt, std::uint64_t vk) {
        return call(reveal_weights_call(md, netuid, EmitWeights{u16s(uids, "uids"), u16s(values, "values")},
                                        u16s(salt, "salt"), vk));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("uids"), py::arg("values"), py::arg("salt"),
      py::arg("version_key") = 0, "SubtensorModule.reveal_weights RuntimeCall bytes.");
  s.def(
      "batch_reveal_weights_call",
      [](const Metadata& md, std::uint16_t netuid, const std::vector<py::object>& uids_list,
         const std::vector<py::object>& values_list, const std::vector<py::object>& salts_list,
         const std::vector<std::uint64_t>& version_keys) {
        if (uids_list.size() != values_list.size() || uids_list.size() != salts_list.size() ||
            uids_list.size() != version_keys.size())
          throw py::value_error("uids_list, values_list, salts_list and version_keys differ in length");
        std::vector<WeightsReveal> r;
        for (std::size_t i = 0; i < uids_list.size(); ++i)
          r.push_back({EmitWeights{u16s(uids_list[i], "uids"), u16s(values_list[i], "values")},
                       u16s(salts_list[i], "salt"), version_keys[i]});
        return call(batch_reveal_weights_call(md, netuid, r));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("uids_list"), py::arg("values_list"),
      py::arg("salts_list"), py::arg("version_keys"),
      "SubtensorModule.batch_reveal_weights RuntimeCall bytes.");

  // ---- registration, serving, transfers, children, identities (calls.hpp)
  s.def(
      "register_network_call",
      [](const Metadata& md, const AccountId32& hotkey, std::uint16_t mechid) {
        return call(register_network_call(md, hotkey, mechid));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("mechid") = 1,
      "SubtensorModule.register_network (mechid only where the runtime's call has it).");
  s.def(
      "root_register_call",
      [](const Metadata& md, const AccountId32& hk) { return call(root_register_call(md, hk)); },
      py::arg("metadata"), py::arg("hotkey"));
  s.def(
      "serve_prometheus_call",
      [](const Metadata& md, std::uint16_t netuid, std::uint32_t version, std::uint64_t ip,
         std::uint16_t port, std::uint8_t ip_type) {
        PrometheusParams p;
        p.version = version;
        p.ip = ip;
        p.port = port;
        p.ip_type = ip_type;
        return call(serve_prometheus_call(md, netuid, p));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("version"), py::arg("ip"), py::arg("port"),
      py::arg("ip_type") = 4);
  s.def(
      "transfer_allow_death_call",
      [](const Metadata& md, const AccountId32& dest, std::uint64_t amount) {
        return call(transfer_allow_death_call(md, dest, amount));
      },
      py::arg("metadata"), py::arg("dest"), py::arg("amount_rao"));
  s.def(
      "transfer_all_call",
      [](const Metadata& md, const AccountId32& dest, bool keep_alive) {
        return call(transfer_all_call(md, dest, keep_alive));
      },
      py::arg("metadata"), py::arg("dest"), py::arg("keep_alive") = true);
  s.def(
      "set_children_call",
      [](const Metadata& md, const AccountId32& hotkey, std::uint16_t netuid,
         const std::vector<std::pair<std::uint64_t, AccountId32>>& children) {
        std::vector<Child> c;
        for (const auto& [p, k] : children) c.push_back({p, k});
        return call(set_children_call(md, hotkey, netuid, c));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("children"),
      "SubtensorModule.set_children; children: [(u64 proportion, child hotkey)] (see child_proportion).");
  s.def(
      "child_proportion", [](double f) { return bt::py::unwrap(child_proportion(f)); }, py::arg("fraction"),
      "int(fraction * (2**64 - 1)) as bittensor computes it, saturated at 2**64 - 1.");
  s.def(
      "set_childkey_take_call",
      [](const Metadata& md, const AccountId32& hk, std::uint16_t netuid, std::uint16_t take) {
        return call(set_childkey_take_call(md, hk, netuid, take));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("take"));
  s.def(
      "set_identity_call",
      [](const Metadata& md, const std::string& name, const std::string& url, const std::string& github_repo,
         const std::string& image, const std::string& discord, const std::string& description,
         const std::string& additional) {
        return call(set_identity_call(md, {name, url, github_repo, image, discord, description, additional}));
      },
      py::arg("metadata"), py::arg("name") = "", py::arg("url") = "", py::arg("github_repo") = "",
      py::arg("image") = "", py::arg("discord") = "", py::arg("description") = "", py::arg("additional") = "",
      "SubtensorModule.set_identity; a non-empty field the runtime's call lacks is a MetadataError.");
  s.def(
      "set_subnet_identity_call",
      [](const Metadata& md, std::uint16_t netuid, const std::string& subnet_name,
         const std::string& github_repo, const std::string& subnet_contact, const std::string& subnet_url,
         const std::string& discord, const std::string& description, const std::string& logo_url,
         const std::string& additional) {
        return call(set_subnet_identity_call(md, netuid,
                                             {subnet_name, github_repo, subnet_contact, subnet_url, discord,
                                              description, logo_url, additional}));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("subnet_name") = "", py::arg("github_repo") = "",
      py::arg("subnet_contact") = "", py::arg("subnet_url") = "", py::arg("discord") = "",
      py::arg("description") = "", py::arg("logo_url") = "", py::arg("additional") = "",
      "SubtensorModule.set_subnet_identity; a non-empty field the runtime's call lacks is a MetadataError.");

  // ---- staking (calls_stake.hpp)
  s.def(
      "add_stake_limit_call",
      [](const Metadata& md, const AccountId32& hk, std::uint16_t netuid, std::uint64_t amount,
         std::uint64_t limit_price, bool allow_partial) {
        return call(add_stake_limit_call(md, hk, netuid, amount, limit_price, allow_partial));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("amount_rao"),
      py::arg("limit_price"), py::arg("allow_partial") = false);
  s.def(
      "remove_stake_limit_call",
      [](const Metadata& md, const AccountId32& hk, std::uint16_t netuid, std::uint64_t amount,
         std::uint64_t limit_price, bool allow_partial) {
        return call(remove_stake_limit_call(md, hk, netuid, amount, limit_price, allow_partial));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("netuid"), py::arg("amount"), py::arg("limit_price"),
      py::arg("allow_partial") = false);
  s.def(
      "stake_limit_price",
      [](std::uint64_t price_rao, std::uint16_t netuid, double tol, bool staking) {
        return bt::py::unwrap(stake_limit_price(price_rao, netuid, tol,
                                                staking ? StakeDirection::stake : StakeDirection::unstake));
      },
      py::arg("price_rao"), py::arg("netuid"), py::arg("rate_tolerance"), py::arg("staking") = true,
      "The SDK's limit price: price * (1 + tolerance) when staking, * (1 - tolerance) when unstaking "
      "(netuid 0: the price), as int(tao * 1e9).");
  s.def(
      "move_stake_call",
      [](const Metadata& md, const AccountId32& from, const AccountId32& to, std::uint16_t on,
         std::uint16_t dn,
         std::uint64_t amount) { return call(move_stake_call(md, from, to, on, dn, amount)); },
      py::arg("metadata"), py::arg("origin_hotkey"), py::arg("destination_hotkey"), py::arg("origin_netuid"),
      py::arg("destination_netuid"), py::arg("alpha_amount"));
  s.def(
      "swap_stake_call",
      [](const Metadata& md, const AccountId32& hk, std::uint16_t on, std::uint16_t dn,
         std::uint64_t amount) { return call(swap_stake_call(md, hk, on, dn, amount)); },
      py::arg("metadata"), py::arg("hotkey"), py::arg("origin_netuid"), py::arg("destination_netuid"),
      py::arg("alpha_amount"));
  s.def(
      "swap_stake_limit_call",
      [](const Metadata& md, const AccountId32& hk, std::uint16_t on, std::uint16_t dn, std::uint64_t amount,
         std::uint64_t limit_price, bool allow_partial) {
        return call(swap_stake_limit_call(md, hk, on, dn, amount, limit_price, allow_partial));
      },
      py::arg("metadata"), py::arg("hotkey"), py::arg("origin_netuid"), py::arg("destination_netuid"),
      py::arg("alpha_amount"), py::arg("limit_price"), py::arg("allow_partial") = false);
  s.def(
      "swap_limit_price",
      [](std::uint64_t origin_price_rao, std::uint64_t destination_price_rao, double tol) {
        return bt::py::unwrap(swap_limit_price(origin_price_rao, destination_price_rao, tol));
      },
      py::arg("origin_price_rao"), py::arg("destination_price_rao"), py::arg("rate_tolerance"),
      "The limit of swap_stake_limit: int(origin / destination * (1 + tolerance) * 1e9).");
  s.def(
      "transfer_stake_call",
      [](const Metadata& md, const AccountId32& dest, const AccountId32& hk, std::uint16_t on,
         std::uint16_t dn,
         std::uint64_t amount) { return call(transfer_stake_call(md, dest, hk, on, dn, amount)); },
      py::arg("metadata"), py::arg("destination_coldkey"), py::arg("hotkey"), py::arg("origin_netuid"),
      py::arg("destination_netuid"), py::arg("alpha_amount"));
  s.def(
      "unstake_all_call",
      [](const Metadata& md, const AccountId32& hk) { return call(unstake_all_call(md, hk)); },
      py::arg("metadata"), py::arg("hotkey"));
  s.def(
      "unstake_all_alpha_call",
      [](const Metadata& md, const AccountId32& hk) { return call(unstake_all_alpha_call(md, hk)); },
      py::arg("metadata"), py::arg("hotkey"));

  // ---- batches and sudo (calls_admin.hpp)
  s.def(
      "batch_all_call",
      [](const Metadata& md, const std::vector<bt::py::HexBytes>& calls) {
        return call(batch_all_call(md, call_list(calls)));
      },
      py::arg("metadata"), py::arg("calls"), "Utility.batch_all of RuntimeCall bytes of this runtime.");
  s.def(
      "sudo_call",
      [](const Metadata& md, const bt::py::HexBytes& c) { return call(sudo_call(md, c.view())); },
      py::arg("metadata"), py::arg("call"), "Sudo.sudo of RuntimeCall bytes.");
  s.def(
      "sudo_set_hyperparameter",
      [](const Metadata& md, const std::string& name, std::uint16_t netuid, std::uint64_t value) {
        return call(sudo_set_hyperparameter(md, name, netuid, value));
      },
      py::arg("metadata"), py::arg("name"), py::arg("netuid"), py::arg("value"),
      "Sudo.sudo(AdminUtils.sudo_set_<name>(netuid, value)); a bool setter takes value != 0.");
  s.def(
      "sudo_set_tempo",
      [](const Metadata& md, std::uint16_t netuid, std::uint16_t tempo) {
        return call(sudo_set_tempo(md, netuid, tempo));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("tempo"));
  s.def(
      "sudo_set_weights_set_rate_limit",
      [](const Metadata& md, std::uint16_t netuid, std::uint64_t blocks) {
        return call(sudo_set_weights_set_rate_limit(md, netuid, blocks));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("blocks"));
  s.def(
      "sudo_set_commit_reveal_weights_enabled",
      [](const Metadata& md, std::uint16_t netuid, bool enabled) {
        return call(sudo_set_commit_reveal_weights_enabled(md, netuid, enabled));
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("enabled"));

  // ---- weight processing (weights.hpp)
  s.def(
      "normalize_max_weight",
      [](const py::array& x, double limit) -> py::object {
        if (x.dtype().is(py::dtype::of<double>())) {
          auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(x);
          if (d.ndim() != 1) throw py::value_error("x must be 1-D");
          auto y = normalize_max_weight(std::span<const double>(d.data(), static_cast<std::size_t>(d.size())),
                                        limit);
          return py::array_t<double>(static_cast<py::ssize_t>(y.size()), y.data());
        }
        auto f = f32s(x, "x");
        auto y = normalize_max_weight(std::span<const float>(f), limit);
        return py::array_t<float>(static_cast<py::ssize_t>(y.size()), y.data());
      },
      py::arg("x"), py::arg("limit") = 0.1,
      "bittensor's normalize_max_weight, bit for bit with numpy >= 2: float64 input stays float64, anything "
      "else is computed as float32.");
  s.def(
      "process_weights",
      [](const py::object& uids, const py::object& weights, std::uint64_t num_neurons,
         std::uint64_t min_allowed_weights, double max_weight_limit, std::int64_t exclude_quantile) {
        auto u = ints(uids, "uids");
        auto w = f32s(weights, "weights");
        return processed(bt::py::unwrap(
            process_weights(u, w, num_neurons, min_allowed_weights, max_weight_limit, exclude_quantile)));
      },
      py::arg("uids"), py::arg("weights"), py::arg("num_neurons"), py::arg("min_allowed_weights"),
      py::arg("max_weight_limit"), py::arg("exclude_quantile") = 0,
      "bittensor's process_weights: (uids int64 array, weights array: float32, or float64 on the fallback "
      "paths).");
  s.def(
      "process_weights_for_netuid",
      [](bt::client::Client& client, std::uint16_t netuid, const py::object& uids, const py::object& weights,
         std::int64_t exclude_quantile) {
        auto u = ints(uids, "uids");
        auto w = f32s(weights, "weights");
        bt::Result<ProcessedWeights> r = ProcessedWeights{};
        {
          py::gil_scoped_release release;
          r = process_weights_for_netuid(client, netuid, u, w, exclude_quantile);
        }
        return processed(bt::py::unwrap(std::move(r)));
      },
      py::arg("client"), py::arg("netuid"), py::arg("uids"), py::arg("weights"),
      py::arg("exclude_quantile") = 0,
      "process_weights with the subnet's SubnetworkN, MinAllowedWeights and MaxWeightsLimit read from the "
      "chain.");
  s.def("u16_normalized_float", &u16_normalized_float, py::arg("x"));
  s.def(
      "weights_max_limited",
      [](const py::object& values, std::uint16_t limit) {
        return weights_max_limited(u16s(values, "values"), limit);
      },
      py::arg("values"), py::arg("max_weight_limit"), "The chain's check_vec_max_limited (I32F32).");

  // ---- set_weights pre-flight (weights_chain.hpp)
  py::class_<SetWeightsProblem>(s, "SetWeightsProblem", "One reason a set_weights would fail.")
      .def_property_readonly(
          "issue", [](const SetWeightsProblem& p) { return std::string(set_weights_issue_name(p.issue)); })
      .def_property_readonly("chain_error",
                             [](const SetWeightsProblem& p) {
                               return std::string(chain_error_name(set_weights_issue_chain_error(p.issue)));
                             })
      .def_readonly("message", &SetWeightsProblem::message)
      .def_readonly("blocks_remaining", &SetWeightsProblem::blocks_remaining)
      .def("__repr__", [](const SetWeightsProblem& p) {
        return "<SetWeightsProblem " + std::string(set_weights_issue_name(p.issue)) + ": " + p.message + ">";
      });
  py::class_<SetWeightsCheck>(s, "SetWeightsCheck", "The result of check_set_weights.")
      .def_readonly("block", &SetWeightsCheck::block)
      .def_readonly("uid", &SetWeightsCheck::uid)
      .def_readonly("commit_reveal_enabled", &SetWeightsCheck::commit_reveal_enabled)
      .def_readonly("stake_weight", &SetWeightsCheck::stake_weight,
                    "The hotkey's stake weight on the subnet (rao), None if not checked.")
      .def_readonly("stake_threshold", &SetWeightsCheck::stake_threshold,
                    "The chain's StakeThreshold (WeightsMinStake), None if not checked.")
      .def_readonly("problems", &SetWeightsCheck::problems)
      .def_property_readonly("ok", &SetWeightsCheck::ok)
      .def(
          "has",
          [](const SetWeightsCheck& c, const std::string& issue) {
            for (const auto& p : c.problems)
              if (set_weights_issue_name(p.issue) == issue) return true;
            return false;
          },
          py::arg("issue"))
      .def("__bool__", &SetWeightsCheck::ok);
  s.def(
      "check_set_weights",
      [](bt::client::Client& client, const Metadata& md, std::uint16_t netuid, const AccountId32& hotkey,
         const py::object& uids, const py::object& weights, std::uint64_t version_key) {
        auto u = u16s(uids, "uids");
        auto w = u16s(weights, "weights");
        bt::Result<SetWeightsCheck> r = SetWeightsCheck{};
        {
          py::gil_scoped_release release;
          r = check_set_weights(client, md, netuid, hotkey, u, w, version_key);
        }
        return bt::py::unwrap(std::move(r));
      },
      py::arg("client"), py::arg("metadata"), py::arg("netuid"), py::arg("hotkey"), py::arg("uids"),
      py::arg("weights"), py::arg("version_key") = 0,
      "Reads the chain and lists why set_weights(netuid, uids, weights (u16), version_key) from `hotkey` "
      "would "
      "fail: issues commit_reveal_enabled, root_network, length_mismatch, subnet_not_found, too_many_uids, "
      "not_registered, not_enough_stake, version_key, rate_limit (blocks_remaining), no_validator_permit, "
      "duplicate_uids, "
      "invalid_uids, too_few_weights, max_weight_exceeded.");
}
