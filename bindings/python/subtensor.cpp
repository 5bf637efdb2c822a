// SPDX-License-Identifier: MIT
// bittensor_cpp.subtensor: weights conversion (as bittensor), commit hash, SubtensorModule calls.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <pybind11/operators.h>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/subtensor/balance.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/subtensor/weights.hpp>
#include <bt/wallet/wallet.hpp>
#include <string>
#include <vector>

#include "commit_audit_dict.hpp"
#include "convert.hpp"
#include "errors.hpp"
#include "signer.hpp"

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

namespace {
template <class F>
auto nogil(F&& f) {
  auto r = [&] {
    py::gil_scoped_release release;
    return f();
  }();
  return bt::py::unwrap(std::move(r));
}

// The SDK's `block` argument of a read: None = the best block, an int = that block number (its hash is
// read first; a block the node does not have raises ClientError not_found), or a block hash (32 bytes or
// "0x" hex).
std::optional<bt::Hash256> block_at(Subtensor& s, const py::object& block) {
  if (block.is_none()) return std::nullopt;
  if (py::isinstance<py::int_>(block) && !py::isinstance<py::bool_>(block)) {
    if (block.cast<py::int_>() < py::int_(0)) throw py::value_error("block must be >= 0");
    const auto n = block.cast<std::uint64_t>();
    return nogil([&] { return s.get_block_hash(n); });
  }
  return bt::py::tagged_arg<bt::Hash256>(block, "block");
}

// Runs read(at) for the SDK's `block` argument (block_at) without the GIL; raises its error.
template <class F>
auto read_at(Subtensor& s, const py::object& block, F&& read) {
  const auto at = block_at(s, block);
  return nogil([&] { return read(at); });
}

// Balance.from_tao(x): a str is parsed exactly; an int is whole TAO; a float goes through its shortest
// repr (so 0.1 is exactly 100000000 rao, as the user wrote it).
Balance balance_from_tao(const py::object& x, std::uint16_t netuid) {
  if (py::isinstance<py::bool_>(x)) throw py::type_error("amount must be str, int or float");
  if (py::isinstance<py::int_>(x)) {
    if (x.cast<py::int_>() < py::int_(0))
      bt::py::raise(bt::Error(SubtensorError::invalid_amount, "negative"));
    return bt::py::unwrap(Balance::parse_tao(py::str(x).cast<std::string>(), netuid));
  }
  if (py::isinstance<py::float_>(x)) {
    std::string r = py::repr(x).cast<std::string>();
    if (r.find_first_of("eEn") != std::string::npos) {  // 1e-05, nan, inf: format without exponent
      r = py::module_::import("builtins").attr("format")(x, ".9f").cast<std::string>();
    }
    return bt::py::unwrap(Balance::parse_tao(r, netuid));
  }
  if (py::isinstance<py::str>(x)) return bt::py::unwrap(Balance::parse_tao(x.cast<std::string>(), netuid));
  throw py::type_error("amount must be str, int or float");
}

py::dict receipt_dict(const bt::client::Receipt& r) {
  py::dict d;
  d["extrinsic_hash"] = py::bytes(reinterpret_cast<const char*>(r.extrinsic_hash.data.data()), 32);
  d["included"] = r.included;
  d["finalized"] = r.finalized;
  d["success"] = r.success();
  d["block_hash"] = py::bytes(reinterpret_cast<const char*>(r.block_hash.data.data()), 32);
  d["block_number"] = r.block_number;
  d["index"] = r.index;
  d["fee_paid"] = Balance::from_rao(static_cast<std::uint64_t>(r.fee_paid));
  py::list events;
  for (const auto& e : r.events) events.append(py::make_tuple(e.pallet, e.name));
  d["events"] = events;
  if (r.error) {
    d["error"] = r.error->to_string();
    d["error_kind"] = r.error->kind;
    if (r.error->module) {
      d["error_pallet"] = r.error->module->pallet;
      d["error_name"] = r.error->module->name;
    }
    if (auto ce = chain_error(r)) d["chain_error"] = std::string(chain_error_name(*ce));
  } else {
    d["error"] = py::none();
  }
  return d;
}

bt::client::NonceOptions nonce_options(const std::string& mode, double idle_refresh) {
  bt::client::NonceOptions o;
  if (mode == "cached")
    o.mode = bt::client::NonceMode::cached;
  else if (mode == "query")
    o.mode = bt::client::NonceMode::query;
  else
    throw py::value_error("nonce_mode must be 'cached' or 'query'");
  if (!(idle_refresh >= 0)) throw py::value_error("idle_refresh must be >= 0 (seconds, 0 = never)");
  o.idle_refresh = std::chrono::milliseconds(static_cast<std::int64_t>(idle_refresh * 1000));
  return o;
}

SubmitOptions submit_options(const std::string& wait_for, double timeout, std::uint64_t period) {
  SubmitOptions o;
  if (wait_for == "none")
    o.wait.wait_for = bt::client::WaitFor::none;
  else if (wait_for == "in_block" || wait_for == "inclusion")
    o.wait.wait_for = bt::client::WaitFor::in_block;
  else if (wait_for == "finalized" || wait_for == "finalization")
    o.wait.wait_for = bt::client::WaitFor::finalized;
  else
    throw py::value_error("wait_for must be 'none', 'in_block' or 'finalized'");
  if (!(timeout > 0)) throw py::value_error("timeout must be > 0");
  o.wait.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
  o.tx.period = period;
  return o;
}

// A Keypair, or a Wallet (hotkey by default, coldkey with role="coldkey").
bt::Result<bt::client::Receipt> submit_with(Subtensor& st, bt::ByteView call, const py::object& signer,
                                            const std::string& role, const SubmitOptions& o) {
  if (py::isinstance<bt::wallet::Wallet>(signer)) {
    auto& w = signer.cast<bt::wallet::Wallet&>();
    const KeyRole kr = role == "coldkey" ? KeyRole::coldkey : KeyRole::hotkey;
    py::gil_scoped_release release;
    return st.sign_and_submit(call, w, kr, {}, o);
  }
  const auto& kp = bt::py::keypair_of(signer);
  py::gil_scoped_release release;
  return st.sign_and_submit(call, kp, o);
}
// Runs f(keypair) without the GIL: a Keypair, or a Wallet's hotkey/coldkey (unlocked as sign_and_submit
// does). f returns a bt::Result.
template <class F>
std::invoke_result_t<F&, const bt::crypto::Keypair&> with_key(const py::object& signer, KeyRole role, F&& f) {
  if (py::isinstance<bt::wallet::Wallet>(signer)) {
    auto& w = signer.cast<bt::wallet::Wallet&>();
    py::gil_scoped_release release;
    auto key = role == KeyRole::coldkey ? w.unlock_coldkey({}) : w.unlock_hotkey({});
    if (!key) return bt::fail(key.error());
    auto pair = key->get().keypair();
    if (!pair) return bt::fail(pair.error());
    return f(pair->get());
  }
  const auto& kp = bt::py::keypair_of(signer);
  py::gil_scoped_release release;
  return f(kp);
}

// Runs f(key) (a Keypair, or a Wallet's key of `role`) without the GIL and returns the receipt dict: the
// shape of every signing method of the Python Subtensor.
template <class F>
py::dict signed_call(const py::object& signer, KeyRole role, F&& f) {
  return receipt_dict(bt::py::unwrap(with_key(signer, role, std::forward<F>(f))));
}
template <class F>
py::dict coldkey_call(const py::object& signer, F&& f) {
  return signed_call(signer, KeyRole::coldkey, std::forward<F>(f));
}
template <class F>
py::dict hotkey_call(const py::object& signer, F&& f) {
  return signed_call(signer, KeyRole::hotkey, std::forward<F>(f));
}

// A Subtensor operation (signer, hotkey, options) signed by the coldkey, bound as (wallet, hotkey_ss58,
// wait_for, timeout) -> receipt dict.
using HotkeyOp = bt::Result<bt::client::Receipt> (Subtensor::*)(const bt::crypto::Keypair&,
                                                                const AccountId32&, const SubmitOptions&);
auto coldkey_op(HotkeyOp op) {
  return [op](Subtensor& s, py::object wallet, const AccountId32& hotkey, const std::string& wait_for,
              double timeout) {
    const SubmitOptions o = submit_options(wait_for, timeout, 64);
    return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) { return (s.*op)(k, hotkey, o); });
  };
}

KeyRole role_of(const std::string& role) {
  if (role == "coldkey") return KeyRole::coldkey;
  if (role == "hotkey") return KeyRole::hotkey;
  throw py::value_error("role must be 'coldkey' or 'hotkey'");
}

// remove_stake / unstake (the SDK's name): one binding, two names.
auto remove_stake_op() {
  return [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
            const Balance& amount, const std::string& wait_for, double timeout, bool safe_staking,
            bool allow_partial_stake, double rate_tolerance) {
    const SubmitOptions o = submit_options(wait_for, timeout, 64);
    const StakeSafety safety{safe_staking, allow_partial_stake, rate_tolerance};
    return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
      return s.remove_stake(k, hotkey, netuid, amount, safety, o);
    });
  };
}

// The SDK's SubnetIdentity (a dataclass) or a dict: each field as text, missing = "".
SubnetIdentity subnet_identity_of(const py::object& o) {
  auto field = [&](const char* name) -> std::string {
    py::object v = py::none();
    if (py::isinstance<py::dict>(o)) {
      py::dict d = o.cast<py::dict>();
      if (d.contains(name)) v = d[name];
    } else if (py::hasattr(o, name)) {
      v = o.attr(name);
    }
    return v.is_none() ? std::string() : py::str(v).cast<std::string>();
  };
  SubnetIdentity id;
  id.subnet_name = field("subnet_name");
  id.github_repo = field("github_repo");
  id.subnet_contact = field("subnet_contact");
  id.subnet_url = field("subnet_url");
  id.discord = field("discord");
  id.description = field("description");
  id.logo_url = field("logo_url");
  id.additional = field("additional");
  return id;
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

  py::class_<Balance>(s, "Balance",
                      "An exact amount of TAO (netuid 0) or of a subnet's alpha, in rao (1 TAO = 1e9 rao).")
      .def(py::init([](std::uint64_t rao, std::uint16_t netuid) { return Balance::from_rao(rao, netuid); }),
           py::arg("rao") = 0, py::arg("netuid") = 0)
      .def_static(
          "from_rao", [](std::uint64_t rao, std::uint16_t netuid) { return Balance::from_rao(rao, netuid); },
          py::arg("rao"), py::arg("netuid") = 0)
      .def_static("from_tao", &balance_from_tao, py::arg("amount"), py::arg("netuid") = 0,
                  "From TAO given as str (exact), int or float (its shortest repr, so no float rounding).")
      .def_property_readonly("rao", &Balance::rao)
      .def_property_readonly("tao", &Balance::tao)
      .def_property_readonly("netuid", &Balance::netuid)
      .def_property_readonly("unit",
                             [](const Balance& b) { return std::string(Balance::unit_symbol(b.netuid())); })
      .def("to_decimal", &Balance::to_decimal)
      .def("set_unit", &Balance::with_netuid, py::arg("netuid"))
      .def("__str__", &Balance::to_string)
      .def("__repr__", &Balance::to_string)
      .def("__int__", &Balance::rao)
      .def("__float__", &Balance::tao)
      .def("__hash__", [](const Balance& b) { return py::hash(py::make_tuple(b.rao(), b.netuid())); })
      .def("__add__", [](const Balance& a, const Balance& b) { return bt::py::unwrap(a.checked_add(b)); })
      .def("__sub__", [](const Balance& a, const Balance& b) { return bt::py::unwrap(a.checked_sub(b)); })
      .def("__mul__", [](const Balance& a, std::uint64_t k) { return bt::py::unwrap(a.checked_mul(k)); })
      .def("__rmul__", [](const Balance& a, std::uint64_t k) { return bt::py::unwrap(a.checked_mul(k)); })
      .def("__floordiv__", [](const Balance& a, std::uint64_t k) { return bt::py::unwrap(a.checked_div(k)); })
      .def("__eq__", [](const Balance& a, const Balance& b) { return a == b; })
      .def("__ne__", [](const Balance& a, const Balance& b) { return a != b; })
      .def("__lt__",
           [](const Balance& a, const Balance& b) {
             if (a.netuid() != b.netuid()) bt::py::raise(bt::Error(SubtensorError::unit_mismatch));
             return a.rao() < b.rao();
           })
      .def("__le__",
           [](const Balance& a, const Balance& b) {
             if (a.netuid() != b.netuid()) bt::py::raise(bt::Error(SubtensorError::unit_mismatch));
             return a.rao() <= b.rao();
           })
      .def("__gt__",
           [](const Balance& a, const Balance& b) {
             if (a.netuid() != b.netuid()) bt::py::raise(bt::Error(SubtensorError::unit_mismatch));
             return a.rao() > b.rao();
           })
      .def("__ge__", [](const Balance& a, const Balance& b) {
        if (a.netuid() != b.netuid()) bt::py::raise(bt::Error(SubtensorError::unit_mismatch));
        return a.rao() >= b.rao();
      });

  py::class_<Subtensor, std::shared_ptr<Subtensor>>(
      s, "Subtensor",
      "A connection to a subtensor chain by network name ('finney', 'test', 'archive', 'local') or URL; "
      "honours BT_SUBTENSOR_CHAIN_ENDPOINT like the SDK. Network waits release the GIL.")
      .def(py::init([](const std::string& network, double timeout, const std::string& nonce_mode,
                       double nonce_idle_refresh) {
             const auto nonce = nonce_options(nonce_mode, nonce_idle_refresh);
             bt::client::ClientOptions o;
             o.rpc.request_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
             auto p = nogil([&] { return Subtensor::connect(network, o); });
             p->nonces().set_options(nonce);
             return std::shared_ptr<Subtensor>(std::move(p));
           }),
           py::arg("network") = "", py::arg("timeout") = 30.0, py::kw_only(),
           py::arg("nonce_mode") = "cached", py::arg("nonce_idle_refresh") = 30.0)
      .def(
          "set_nonce_mode",
          [](Subtensor& s, const std::string& mode, double idle_refresh) {
            s.nonces().set_options(nonce_options(mode, idle_refresh));
          },
          py::arg("mode"), py::arg("idle_refresh") = 30.0,
          "'cached' (default): the node's next nonce is read once per key, then counted locally, and read "
          "again after a refused submission, after idle_refresh seconds unused (0 = never) or "
          "resync_nonce(); 'query': read before every transaction.")
      .def_property_readonly("nonce_mode",
                             [](Subtensor& s) {
                               return s.nonces().options().mode == bt::client::NonceMode::cached ? "cached"
                                                                                                 : "query";
                             })
      .def_property_readonly("nonce_idle_refresh",
                             [](Subtensor& s) { return s.nonces().options().idle_refresh.count() / 1000.0; })
      .def(
          "resync_nonce",
          [](Subtensor& s, std::optional<AccountId32> account) {
            if (account)
              s.nonces().resync(*account);
            else
              s.nonces().resync_all();
          },
          py::arg("ss58") = py::none(),
          "Forgets the local nonce counter of one key (all keys when None): the next nonce is the node's.")
      .def(
          "local_nonce", [](Subtensor& s, const AccountId32& account) { return s.nonces().local(account); },
          py::arg("ss58"), "The next nonce the manager would use for this key, None before a node read.")
      .def_property_readonly(
          "nonce_node_queries", [](Subtensor& s) { return s.nonces().node_queries(); },
          "How many times the nonce manager asked the node (system_accountNextIndex).")
      .def_property_readonly("url", [](Subtensor& s) { return s.url(); })
      .def_property_readonly("metadata",
                             [](Subtensor& s) { return std::const_pointer_cast<Metadata>(s.metadata_ptr()); })
      .def("get_current_block", [](Subtensor& s) { return nogil([&] { return s.get_current_block(); }); })
      .def(
          "get_block_hash",
          [](Subtensor& s, std::optional<std::uint64_t> block) {
            auto h = nogil([&] { return s.get_block_hash(block); });
            return py::bytes(reinterpret_cast<const char*>(h.data.data()), 32);
          },
          py::arg("block") = py::none())
      .def(
          "wait_for_block",
          [](Subtensor& s, std::optional<std::uint64_t> block, double timeout) {
            return nogil([&] {
              return s.wait_for_block(block,
                                      std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000)));
            });
          },
          py::arg("block") = py::none(), py::arg("timeout") = 120.0)
      .def(
          "sign_and_submit",
          [](Subtensor& s, py::object call, py::object signer, const std::string& wait_for, double timeout,
             std::uint64_t period, const std::string& role) {
            const bt::Bytes c = bt::py::bytes_arg(call, bt::py::Text::none, "call");
            return receipt_dict(
                bt::py::unwrap(submit_with(s, c, signer, role, submit_options(wait_for, timeout, period))));
          },
          py::arg("call"), py::arg("signer"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          py::arg("period") = 64, py::arg("role") = "hotkey",
          "Signs `call` (RuntimeCall bytes) with a Keypair or Wallet, submits it and returns the receipt as "
          "a dict.")
      .def(
          "add_stake",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
             const Balance& amount, const std::string& wait_for, double timeout, bool safe_staking,
             bool allow_partial_stake, double rate_tolerance) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            const StakeSafety safety{safe_staking, allow_partial_stake, rate_tolerance};
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.add_stake(k, hotkey, netuid, amount, safety, o);
            });
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("amount"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0, py::arg("safe_staking") = false,
          py::arg("allow_partial_stake") = false, py::arg("rate_tolerance") = 0.005,
          "SubtensorModule.add_stake of `amount` TAO, signed by the coldkey (a Keypair or a Wallet); "
          "safe_staking: add_stake_limit at the subnet price * (1 + rate_tolerance).")
      .def("remove_stake", remove_stake_op(), py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"),
           py::arg("amount"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           py::arg("safe_staking") = false, py::arg("allow_partial_stake") = false,
           py::arg("rate_tolerance") = 0.005,
           "SubtensorModule.remove_stake of `amount` alpha (a Balance of that netuid); safe_staking: "
           "remove_stake_limit at the subnet price * (1 - rate_tolerance).")
      .def("unstake", remove_stake_op(), py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"),
           py::arg("amount"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           py::arg("safe_staking") = false, py::arg("allow_partial_stake") = false,
           py::arg("rate_tolerance") = 0.005, "The SDK's name of remove_stake.")
      .def(
          "move_stake",
          [](Subtensor& s, py::object wallet, const AccountId32& origin_hotkey, std::uint16_t origin_netuid,
             const AccountId32& destination_hotkey, std::uint16_t destination_netuid, const Balance& amount,
             const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.move_stake(k, origin_hotkey, origin_netuid, destination_hotkey, destination_netuid,
                                  amount, o);
            });
          },
          py::arg("wallet"), py::arg("origin_hotkey"), py::arg("origin_netuid"),
          py::arg("destination_hotkey"), py::arg("destination_netuid"), py::arg("amount"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.move_stake of `amount` alpha of origin_netuid to another hotkey and/or subnet.")
      .def(
          "swap_stake",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t origin_netuid,
             std::uint16_t destination_netuid, const Balance& amount, const std::string& wait_for,
             double timeout, bool safe_staking, bool allow_partial_stake, double rate_tolerance) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            const StakeSafety safety{safe_staking, allow_partial_stake, rate_tolerance};
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.swap_stake(k, hotkey, origin_netuid, destination_netuid, amount, safety, o);
            });
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("origin_netuid"), py::arg("destination_netuid"),
          py::arg("amount"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          py::arg("safe_staking") = false, py::arg("allow_partial_stake") = false,
          py::arg("rate_tolerance") = 0.005,
          "SubtensorModule.swap_stake (swap_stake_limit with safe_staking) of `amount` alpha of "
          "origin_netuid.")
      .def(
          "transfer_stake",
          [](Subtensor& s, py::object wallet, const AccountId32& destination_coldkey,
             const AccountId32& hotkey, std::uint16_t origin_netuid, std::uint16_t destination_netuid,
             const Balance& amount, const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.transfer_stake(k, destination_coldkey, hotkey, origin_netuid, destination_netuid,
                                      amount, o);
            });
          },
          py::arg("wallet"), py::arg("destination_coldkey_ss58"), py::arg("hotkey_ss58"),
          py::arg("origin_netuid"), py::arg("destination_netuid"), py::arg("amount"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.transfer_stake: the signer's stake on hotkey becomes destination_coldkey's.")
      .def("unstake_all_alpha", coldkey_op(&Subtensor::unstake_all_alpha), py::arg("wallet"),
           py::arg("hotkey_ss58"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           "SubtensorModule.unstake_all_alpha of the hotkey (every subnet but root, restaked on root).")
      .def(
          "burned_register",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
             const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.burned_register(k, hotkey, netuid, o);
            });
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "SubtensorModule.burned_register of hotkey, paid by the coldkey.")
      .def(
          "serve_prometheus",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, std::uint64_t ip, std::uint16_t port,
             std::uint8_t ip_type, std::uint32_t version, const std::string& wait_for, double timeout) {
            PrometheusParams p;
            p.version = version;
            p.ip = ip;
            p.port = port;
            p.ip_type = ip_type;
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return hotkey_call(
                wallet, [&](const bt::crypto::Keypair& k) { return s.serve_prometheus(k, netuid, p, o); });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("ip"), py::arg("port"), py::arg("ip_type") = 4,
          py::arg("version") = 0, py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.serve_prometheus, signed by the hotkey (ip as an integer).")
      .def(
          "set_children",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
             const std::vector<std::pair<double, AccountId32>>& children, const std::string& wait_for,
             double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.set_children(k, hotkey, netuid, children, o);
            });
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("children"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "The SDK's set_children: children as [(proportion in [0, 1], child hotkey ss58)], signed by the "
          "coldkey; [] revokes them.")
      .def(
          "set_childkey_take",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid, double take,
             const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.set_childkey_take(k, hotkey, netuid, take, o);
            });
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("take"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.set_childkey_take: take in [0, 1] (u16 = int(take * 65535)), signed by the "
          "coldkey.")
      .def(
          "set_identity",
          [](Subtensor& s, py::object wallet, const std::string& name, const std::string& url,
             const std::string& github_repo, const std::string& image, const std::string& discord,
             const std::string& description, const std::string& additional, const std::string& wait_for,
             double timeout) {
            const ChainIdentity id{name, url, github_repo, image, discord, description, additional};
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet,
                                [&](const bt::crypto::Keypair& k) { return s.set_identity(k, id, o); });
          },
          py::arg("wallet"), py::arg("name") = "", py::arg("url") = "", py::arg("github_repo") = "",
          py::arg("image") = "", py::arg("discord") = "", py::arg("description") = "",
          py::arg("additional") = "", py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.set_identity of the coldkey (a field the runtime lacks must be empty).")
      .def(
          "set_subnet_identity",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, const py::object& identity,
             const std::string& wait_for, double timeout) {
            const SubnetIdentity id = subnet_identity_of(identity);
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.set_subnet_identity(k, netuid, id, o);
            });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("subnet_identity"), py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0,
          "The SDK's set_subnet_identity: subnet_identity is a dict or an object with the fields "
          "subnet_name, "
          "github_repo, subnet_contact, subnet_url, discord, description, logo_url, additional (missing = "
          "empty).")
      .def(
          "batch_all",
          [](Subtensor& s, py::object signer, const py::list& calls, const std::string& role,
             const std::string& wait_for, double timeout) {
            std::vector<bt::Bytes> cs;
            for (const auto& c : calls) cs.push_back(bt::py::bytes_arg(c, bt::py::Text::none, "call"));
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return signed_call(signer, role_of(role),
                               [&](const bt::crypto::Keypair& k) { return s.batch_all(k, cs, o); });
          },
          py::arg("wallet"), py::arg("calls"), py::arg("role") = "coldkey", py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0,
          "Utility.batch_all of RuntimeCall bytes (e.g. from bittensor_cpp.subtensor.*_call), one extrinsic.")
      .def(
          "sudo",
          [](Subtensor& s, py::object sudo_key, py::object call, const std::string& wait_for,
             double timeout) {
            const bt::Bytes c = bt::py::bytes_arg(call, bt::py::Text::none, "call");
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(sudo_key, [&](const bt::crypto::Keypair& k) { return s.sudo(k, c, o); });
          },
          py::arg("sudo_key"), py::arg("call"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "Local networks: Sudo.sudo(call) signed by the sudo key (a Keypair, or a Wallet's coldkey).")
      .def(
          "sudo_set_hyperparameter",
          [](Subtensor& s, py::object sudo_key, const std::string& name, std::uint16_t netuid,
             std::uint64_t value, const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(sudo_key, [&](const bt::crypto::Keypair& k) {
              return s.sudo_set_hyperparameter(k, name, netuid, value, o);
            });
          },
          py::arg("sudo_key"), py::arg("name"), py::arg("netuid"), py::arg("value"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "Local networks: Sudo.sudo(AdminUtils.sudo_set_<name>(netuid, value)), e.g. name='tempo'; a "
          "refused inner call is the receipt's error.")
      .def(
          "batch_reveal_weights",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid,
             const std::vector<std::vector<std::int64_t>>& uids,
             const std::vector<std::vector<float>>& weights,
             const std::vector<std::vector<std::uint16_t>>& salts,
             const std::vector<std::uint64_t>& version_keys, const std::string& wait_for, double timeout) {
            if (weights.size() != uids.size() || salts.size() != uids.size() ||
                version_keys.size() != uids.size())
              bt::py::raise(bt::Error(SubtensorError::length_mismatch,
                                      "uids, weights, salts and version_keys need one entry per reveal"));
            std::vector<Subtensor::WeightsRevealInput> reveals;
            for (std::size_t i = 0; i < uids.size(); ++i)
              reveals.push_back({uids[i], weights[i], salts[i], version_keys[i]});
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return hotkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.batch_reveal_weights(k, netuid, reveals, o);
            });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("uids"), py::arg("weights"), py::arg("salts"),
          py::arg("version_keys"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.batch_reveal_weights: one reveal per entry of the four lists (each like "
          "reveal_weights), signed by the hotkey.")
      .def(
          "get_stake_info_for_coldkey",
          [](Subtensor& s, const AccountId32& coldkey, const py::object& block) {
            auto v = read_at(s, block, [&](auto at) { return s.get_stake_info_for_coldkey(coldkey, at); });
            py::list out;
            for (const auto& i : v) {
              py::dict d;
              d["hotkey"] = bt::py::to_py(i.hotkey.to_bytes());
              d["coldkey"] = bt::py::to_py(i.coldkey.to_bytes());
              d["netuid"] = i.netuid;
              d["stake"] = i.stake;
              out.append(d);
            }
            return out;
          },
          py::arg("coldkey_ss58"), py::arg("block") = py::none())
      .def(
          "submit_extrinsic",
          [](Subtensor& s, py::object xt, const std::string& wait_for, double timeout) {
            const bt::Bytes b = bt::py::bytes_arg(xt, bt::py::Text::none, "extrinsic");
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            auto md = s.metadata_ptr();
            bt::Result<bt::client::Receipt> r = bt::client::Receipt{};
            {
              py::gil_scoped_release release;
              r = bt::client::submit_and_wait(s.client(), *md, b, o.wait);
            }
            return receipt_dict(bt::py::unwrap(std::move(r)));
          },
          py::arg("extrinsic"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "Submits an already signed extrinsic and waits; pool refusals raise TransactionError.")
      .def(
          "transfer",
          [](Subtensor& s, py::object signer, const AccountId32& dest, const std::optional<Balance>& amount,
             bool keep_alive, const std::string& wait_for, double timeout, bool transfer_all) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            if (!transfer_all && !amount) throw py::value_error("amount is None: pass transfer_all=True");
            return coldkey_call(signer, [&](const bt::crypto::Keypair& k) {
              return transfer_all ? s.transfer_all(k, dest, keep_alive, o)
                                  : s.transfer(k, dest, *amount, keep_alive, o);
            });
          },
          py::arg("wallet"), py::arg("dest"), py::arg("amount"), py::arg("keep_alive") = true,
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0, py::arg("transfer_all") = false,
          "Balances.transfer_keep_alive (or transfer_allow_death with keep_alive=False, transfer_all with "
          "transfer_all=True); a Wallet signs with its coldkey.")
      .def(
          "get_balance",
          [](Subtensor& s, const AccountId32& a, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_balance(a, at); });
          },
          py::arg("address"), py::arg("block") = py::none())
      .def(
          "get_reserved_balance",
          [](Subtensor& s, const AccountId32& a, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_reserved_balance(a, at); });
          },
          py::arg("address"), py::arg("block") = py::none())
      .def(
          "get_existential_deposit",
          [](Subtensor& s, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_existential_deposit(at); });
          },
          py::arg("block") = py::none())
      .def(
          "get_stake",
          [](Subtensor& s, const AccountId32& coldkey, const AccountId32& hotkey, std::uint16_t netuid,
             const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_stake(coldkey, hotkey, netuid, at); });
          },
          py::arg("coldkey_ss58"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("block") = py::none())
      .def(
          "get_delegate_take",
          [](Subtensor& s, const AccountId32& h, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_delegate_take(h, at); });
          },
          py::arg("hotkey_ss58"), py::arg("block") = py::none())
      .def(
          "subnet_exists",
          [](Subtensor& s, std::uint16_t n, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.subnet_exists(n, at); });
          },
          py::arg("netuid"), py::arg("block") = py::none())
      .def(
          "recycle",
          [](Subtensor& s, std::uint16_t n, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.recycle(n, at); });
          },
          py::arg("netuid"), py::arg("block") = py::none())
      .def(
          "get_subnet_burn_cost",
          [](Subtensor& s, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_subnet_burn_cost(at); });
          },
          py::arg("block") = py::none())
      .def(
          "get_uid_for_hotkey_on_subnet",
          [](Subtensor& s, const AccountId32& h, std::uint16_t n, const py::object& block) {
            return read_at(s, block, [&](auto at) { return s.get_uid_for_hotkey_on_subnet(h, n, at); });
          },
          py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("block") = py::none())
      .def(
          "get_hotkey_for_uid",
          [](Subtensor& s, std::uint16_t netuid, std::uint16_t uid, const py::object& block) -> py::object {
            auto h = read_at(s, block, [&](auto at) { return s.get_hotkey_for_uid(netuid, uid, at); });
            if (!h) return py::none();
            return py::str(bt::py::unwrap(bt::crypto::ss58_encode(h->view())));
          },
          py::arg("netuid"), py::arg("uid"), py::arg("block") = py::none(),
          "The SS58 hotkey of uid on netuid, None if no such neuron.")
      .def(
          "get_delegates",
          [](Subtensor& s, const py::object& block) {
            auto v = read_at(s, block, [&](auto at) { return s.get_delegates(at); });
            py::list out;
            for (const auto& d : v) {
              py::dict e;
              e["hotkey"] = to_py(d.hotkey.to_bytes());
              e["hotkey_ss58"] = bt::py::unwrap(bt::crypto::ss58_encode(d.hotkey.view()));
              e["take"] = d.take;
              e["take_ratio"] = d.take_ratio();
              out.append(e);
            }
            return out;
          },
          py::arg("block") = py::none(), "Delegates and their take (u16 and as a ratio of 65535).")
      .def(
          "get_subnet_hyperparameters",
          [](Subtensor& s, std::uint16_t netuid, const py::object& block) {
            auto hp = read_at(s, block, [&](auto at) { return s.get_subnet_hyperparameters(netuid, at); });
            py::dict d;
            d["rho"] = hp.rho;
            d["kappa"] = hp.kappa;
            d["immunity_period"] = hp.immunity_period;
            d["min_allowed_weights"] = hp.min_allowed_weights;
            d["max_weights_limit"] = hp.max_weights_limit;
            d["tempo"] = hp.tempo;
            d["min_difficulty"] = hp.min_difficulty;
            d["max_difficulty"] = hp.max_difficulty;
            d["weights_version"] = hp.weights_version;
            d["weights_rate_limit"] = hp.weights_rate_limit;
            d["adjustment_interval"] = hp.adjustment_interval;
            d["activity_cutoff"] = hp.activity_cutoff;
            d["max_validators"] = hp.max_validators;
            d["min_burn"] = hp.min_burn;
            d["max_burn"] = hp.max_burn;
            d["serving_rate_limit"] = hp.serving_rate_limit;
            d["max_allowed_uids"] = hp.max_allowed_uids;
            d["commit_reveal_period"] = hp.commit_reveal_period;
            d["registration_allowed"] = hp.registration_allowed;
            d["commit_reveal_weights_enabled"] = hp.commit_reveal_weights_enabled;
            return d;
          },
          py::arg("netuid"), py::arg("block") = py::none(),
          "The subnet's hyperparameters from storage as a dict (None for items the runtime lacks); a "
          "missing subnet raises SubtensorError.")
      .def(
          "get_subnet_dynamic_info",
          [](Subtensor& s, std::uint16_t netuid, const py::object& block) {
            auto di = read_at(s, block, [&](auto at) { return s.get_subnet_dynamic_info(netuid, at); });
            py::dict d;
            d["netuid"] = di.netuid;
            d["tao_in"] = di.tao_in;
            d["alpha_in"] = di.alpha_in;
            d["alpha_out"] = di.alpha_out;
            d["price"] = di.price;
            d["price_f"] = di.price_f;
            return d;
          },
          py::arg("netuid"), py::arg("block") = py::none(),
          "The subnet's pool: tao_in, alpha_in, alpha_out (Balance) and the price in TAO per alpha.")
      .def(
          "set_weights",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, const std::vector<std::int64_t>& uids,
             const std::vector<float>& weights, std::uint64_t version_key, const std::string& wait_for,
             double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            auto r = bt::py::unwrap(with_key(wallet, KeyRole::hotkey, [&](const bt::crypto::Keypair& k) {
              return s.set_weights(k, netuid, uids, weights, version_key, o);
            }));
            py::dict d = receipt_dict(r.receipt);
            d["path"] = weights_path_name(r.path);
            d["reveal_round"] = r.reveal_round;
            return d;
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("uids"), py::arg("weights"),
          py::arg("version_key") = 0, py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "bittensor's set_weights, signed by the hotkey (a Keypair or a Wallet): weights converted like "
          "the SDK; commit-reveal off: the pre-flight runs and its problems raise SubtensorError "
          "(weights_rejected) without submitting; on: the runtime's timelocked commit (path, reveal_round "
          "in the result); a runtime with only hash commit-reveal raises SubtensorError.")
      .def(
          "audit_commits",
          [](Subtensor& s, std::uint16_t netuid, std::optional<AccountId32> hotkey, std::uint16_t mecid,
             const py::object& block) {
            const auto report =
                read_at(s, block, [&](auto at) { return s.audit_commits(netuid, hotkey, mecid, at); });
            py::list out;
            for (const auto& a : report) out.append(bt::py::commit_audit_dict(a));
            return out;
          },
          py::arg("netuid"), py::arg("hotkey") = py::none(), py::arg("mecid") = 0,
          py::arg("block") = py::none(),
          "The timelocked weight commits the chain still stores for netuid (mechanism mecid), optionally "
          "only hotkey's, each opened with the chain's verified drand pulse of its reveal round: a list of "
          "dicts (who, commit_block, commit, reveal_round, epoch, status 'opened' | 'pending' | 'failed', "
          "error; opened: accepted, format, uids, values, version_key). Raises SubtensorError "
          "(unsupported_by_runtime) on runtimes without commit storage or the Drand pallet.")
      .def(
          "commit_weights",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, const std::vector<std::uint16_t>& salt,
             const std::vector<std::int64_t>& uids, const std::vector<float>& weights,
             std::uint64_t version_key, const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return hotkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.commit_weights(k, netuid, salt, uids, weights, version_key, o);
            });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("salt"), py::arg("uids"), py::arg("weights"),
          py::arg("version_key") = 0, py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.commit_weights of the hash of the converted weights and salt (hash "
          "commit-reveal).")
      .def(
          "reveal_weights",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, const std::vector<std::int64_t>& uids,
             const std::vector<float>& weights, const std::vector<std::uint16_t>& salt,
             std::uint64_t version_key, const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return hotkey_call(wallet, [&](const bt::crypto::Keypair& k) {
              return s.reveal_weights(k, netuid, uids, weights, salt, version_key, o);
            });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("uids"), py::arg("weights"), py::arg("salt"),
          py::arg("version_key") = 0, py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.reveal_weights of a commit_weights (same uids, weights, salt, version_key).")
      .def("register_network", coldkey_op(&Subtensor::register_network), py::arg("wallet"),
           py::arg("hotkey_ss58"), py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           "SubtensorModule.register_network owned by the coldkey (lock cost: get_subnet_burn_cost()).")
      .def("root_register", coldkey_op(&Subtensor::root_register), py::arg("wallet"), py::arg("hotkey_ss58"),
           py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           "SubtensorModule.root_register of the hotkey, signed by the coldkey.")
      .def(
          "serve_axon",
          [](Subtensor& s, py::object wallet, std::uint16_t netuid, std::uint64_t ip, std::uint16_t port,
             std::uint8_t ip_type, std::uint8_t protocol, std::uint32_t version, const std::string& wait_for,
             double timeout) {
            AxonParams a;
            a.version = version;
            a.ip = ip;
            a.port = port;
            a.ip_type = ip_type;
            a.protocol = protocol;
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return hotkey_call(wallet,
                               [&](const bt::crypto::Keypair& k) { return s.serve_axon(k, netuid, a, o); });
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("ip"), py::arg("port"), py::arg("ip_type") = 4,
          py::arg("protocol") = 4, py::arg("version") = 0, py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "SubtensorModule.serve_axon, signed by the hotkey (ip as an integer).")
      .def(
          "transfer_all",
          [](Subtensor& s, py::object wallet, const AccountId32& dest, bool keep_alive,
             const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return coldkey_call(
                wallet, [&](const bt::crypto::Keypair& k) { return s.transfer_all(k, dest, keep_alive, o); });
          },
          py::arg("wallet"), py::arg("dest"), py::arg("keep_alive") = true, py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "Balances.transfer_all to dest, signed by the coldkey.")
      .def("unstake_all", coldkey_op(&Subtensor::unstake_all), py::arg("wallet"), py::arg("hotkey_ss58"),
           py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           "SubtensorModule.unstake_all of the hotkey (a runtime without the call raises MetadataError).");
}
