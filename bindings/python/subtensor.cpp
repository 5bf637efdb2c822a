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

// A Subtensor operation (signer, hotkey, options) signed by the coldkey, bound as (wallet, hotkey_ss58,
// wait_for, timeout) -> receipt dict.
using HotkeyOp = bt::Result<bt::client::Receipt> (Subtensor::*)(const bt::crypto::Keypair&,
                                                                const AccountId32&, const SubmitOptions&);
auto coldkey_op(HotkeyOp op) {
  return [op](Subtensor& s, py::object wallet, const AccountId32& hotkey, const std::string& wait_for,
              double timeout) {
    const SubmitOptions o = submit_options(wait_for, timeout, 64);
    return receipt_dict(bt::py::unwrap(with_key(
        wallet, KeyRole::coldkey, [&](const bt::crypto::Keypair& k) { return (s.*op)(k, hotkey, o); })));
  };
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
      .def(py::init([](const std::string& network, double timeout) {
             bt::client::ClientOptions o;
             o.rpc.request_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
             auto p = nogil([&] { return Subtensor::connect(network, o); });
             return std::shared_ptr<Subtensor>(std::move(p));
           }),
           py::arg("network") = "", py::arg("timeout") = 30.0)
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
             const Balance& amount, const std::string& wait_for, double timeout) {
            if (!amount.is_tao())
              bt::py::raise(bt::Error(SubtensorError::unit_mismatch, "amount must be TAO"));
            auto call = bt::py::unwrap(add_stake_call(*s.metadata_ptr(), hotkey, netuid, amount.rao()));
            return receipt_dict(bt::py::unwrap(
                submit_with(s, call, wallet, "coldkey", submit_options(wait_for, timeout, 64))));
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("amount"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.add_stake of `amount` TAO, signed by the coldkey (a Keypair or a Wallet).")
      .def(
          "remove_stake",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
             const Balance& amount, const std::string& wait_for, double timeout) {
            if (amount.netuid() != netuid)
              bt::py::raise(bt::Error(SubtensorError::unit_mismatch, "amount must be alpha of netuid"));
            auto call = bt::py::unwrap(remove_stake_call(*s.metadata_ptr(), hotkey, netuid, amount.rao()));
            return receipt_dict(bt::py::unwrap(
                submit_with(s, call, wallet, "coldkey", submit_options(wait_for, timeout, 64))));
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("amount"),
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "SubtensorModule.remove_stake of `amount` alpha (a Balance of that netuid).")
      .def(
          "burned_register",
          [](Subtensor& s, py::object wallet, const AccountId32& hotkey, std::uint16_t netuid,
             const std::string& wait_for, double timeout) {
            auto call = bt::py::unwrap(burned_register_call(*s.metadata_ptr(), netuid, hotkey));
            return receipt_dict(bt::py::unwrap(
                submit_with(s, call, wallet, "coldkey", submit_options(wait_for, timeout, 64))));
          },
          py::arg("wallet"), py::arg("hotkey_ss58"), py::arg("netuid"), py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "SubtensorModule.burned_register of hotkey, paid by the coldkey.")
      .def(
          "get_stake_info_for_coldkey",
          [](Subtensor& s, const AccountId32& coldkey) {
            auto v = nogil([&] { return s.get_stake_info_for_coldkey(coldkey); });
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
          py::arg("coldkey_ss58"))
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
          [](Subtensor& s, py::object signer, const AccountId32& dest, const Balance& amount, bool keep_alive,
             const std::string& wait_for, double timeout) {
            if (!amount.is_tao())
              bt::py::raise(bt::Error(SubtensorError::unit_mismatch, "transfer amount must be TAO"));
            auto md = s.metadata_ptr();
            bt::Bytes call;
            if (keep_alive) {
              call = bt::py::unwrap(transfer_keep_alive_call(*md, dest, amount.rao()));
            } else {
              call = bt::py::unwrap(bt::metadata::encode_call(
                  *md, "Balances", "transfer_allow_death",
                  bt::metadata::Value::composite(
                      {{"dest", bt::metadata::Value::variant_unnamed(
                                    "Id", {bt::metadata::Value::bytes(dest.to_bytes())})},
                       {"value", bt::metadata::Value::u(amount.rao())}})));
            }
            return receipt_dict(bt::py::unwrap(
                submit_with(s, call, signer, "coldkey", submit_options(wait_for, timeout, 64))));
          },
          py::arg("wallet"), py::arg("dest"), py::arg("amount"), py::arg("keep_alive") = true,
          py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
          "Balances.transfer_keep_alive (or transfer_allow_death); a Wallet signs with its coldkey.")
      .def(
          "get_balance",
          [](Subtensor& s, const AccountId32& a) { return nogil([&] { return s.get_balance(a); }); },
          py::arg("address"))
      .def(
          "get_reserved_balance",
          [](Subtensor& s, const AccountId32& a) { return nogil([&] { return s.get_reserved_balance(a); }); },
          py::arg("address"))
      .def("get_existential_deposit",
           [](Subtensor& s) { return nogil([&] { return s.get_existential_deposit(); }); })
      .def(
          "get_stake",
          [](Subtensor& s, const AccountId32& coldkey, const AccountId32& hotkey, std::uint16_t netuid) {
            return nogil([&] { return s.get_stake(coldkey, hotkey, netuid); });
          },
          py::arg("coldkey_ss58"), py::arg("hotkey_ss58"), py::arg("netuid"))
      .def(
          "get_delegate_take",
          [](Subtensor& s, const AccountId32& h) { return nogil([&] { return s.get_delegate_take(h); }); },
          py::arg("hotkey_ss58"))
      .def(
          "subnet_exists",
          [](Subtensor& s, std::uint16_t n) { return nogil([&] { return s.subnet_exists(n); }); },
          py::arg("netuid"))
      .def(
          "recycle", [](Subtensor& s, std::uint16_t n) { return nogil([&] { return s.recycle(n); }); },
          py::arg("netuid"))
      .def("get_subnet_burn_cost",
           [](Subtensor& s) { return nogil([&] { return s.get_subnet_burn_cost(); }); })
      .def(
          "get_uid_for_hotkey_on_subnet",
          [](Subtensor& s, const AccountId32& h, std::uint16_t n) {
            return nogil([&] { return s.get_uid_for_hotkey_on_subnet(h, n); });
          },
          py::arg("hotkey_ss58"), py::arg("netuid"))
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
          [](Subtensor& s, std::uint16_t netuid, std::optional<AccountId32> hotkey, std::uint16_t mecid) {
            const auto report = nogil([&] { return s.audit_commits(netuid, hotkey, mecid); });
            py::list out;
            for (const auto& a : report) out.append(bt::py::commit_audit_dict(a));
            return out;
          },
          py::arg("netuid"), py::arg("hotkey") = py::none(), py::arg("mecid") = 0,
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
            return receipt_dict(
                bt::py::unwrap(with_key(wallet, KeyRole::hotkey, [&](const bt::crypto::Keypair& k) {
                  return s.commit_weights(k, netuid, salt, uids, weights, version_key, o);
                })));
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
            return receipt_dict(
                bt::py::unwrap(with_key(wallet, KeyRole::hotkey, [&](const bt::crypto::Keypair& k) {
                  return s.reveal_weights(k, netuid, uids, weights, salt, version_key, o);
                })));
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
            return receipt_dict(
                bt::py::unwrap(with_key(wallet, KeyRole::hotkey, [&](const bt::crypto::Keypair& k) {
                  return s.serve_axon(k, netuid, a, o);
                })));
          },
          py::arg("wallet"), py::arg("netuid"), py::arg("ip"), py::arg("port"), py::arg("ip_type") = 4,
          py::arg("protocol") = 4, py::arg("version") = 0, py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "SubtensorModule.serve_axon, signed by the hotkey (ip as an integer).")
      .def(
          "transfer_all",
          [](Subtensor& s, py::object wallet, const AccountId32& dest, bool keep_alive,
             const std::string& wait_for, double timeout) {
            const SubmitOptions o = submit_options(wait_for, timeout, 64);
            return receipt_dict(
                bt::py::unwrap(with_key(wallet, KeyRole::coldkey, [&](const bt::crypto::Keypair& k) {
                  return s.transfer_all(k, dest, keep_alive, o);
                })));
          },
          py::arg("wallet"), py::arg("dest"), py::arg("keep_alive") = true, py::arg("wait_for") = "in_block",
          py::arg("timeout") = 120.0, "Balances.transfer_all to dest, signed by the coldkey.")
      .def("unstake_all", coldkey_op(&Subtensor::unstake_all), py::arg("wallet"), py::arg("hotkey_ss58"),
           py::arg("wait_for") = "in_block", py::arg("timeout") = 120.0,
           "SubtensorModule.unstake_all of the hotkey (a runtime without the call raises MetadataError).");
}
