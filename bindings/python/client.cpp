// SPDX-License-Identifier: MIT
// bittensor_cpp.client: the chain client (bt::client::Client). Byte arguments accept bytes-like objects,
// hashes are returned as 32-byte bytes, `at` is an optional block hash (bytes or "0x" hex str).
// Transactions (bt/client/submit.hpp): create_signed, submit, query_fee, find_outcome.
// Every network wait releases the GIL.
#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>

#include "convert.hpp"
#include "rpc.hpp"

using bt::client::Client;
using bt::metadata::Metadata;
using namespace bt_py_rpc;

namespace {

bt::Bytes to_bytes(const py::object& o) { return bt::py::bytes_arg(o, bt::py::Text::hex); }

std::optional<bt::Hash256> to_at(const py::object& o) {
  if (o.is_none()) return std::nullopt;
  return bt::py::tagged_arg<bt::Hash256>(o, "at");
}

py::bytes pybytes(bt::ByteView b) { return bt::py::to_py(b); }

py::object opt_bytes(const std::optional<bt::Bytes>& b) {
  return b ? py::object(pybytes(*b)) : py::object(py::none());
}

py::dict header_dict(const bt::client::Header& h) {
  py::dict d;
  d["number"] = h.number;
  d["parent_hash"] = pybytes(h.parent_hash);
  d["state_root"] = pybytes(h.state_root);
  d["extrinsics_root"] = pybytes(h.extrinsics_root);
  py::list logs;
  for (const auto& l : h.digest_logs) logs.append(pybytes(l));
  d["digest_logs"] = logs;
  return d;
}

// Runs f() without the GIL, then unwraps its Result with the GIL held.
template <class F>
auto nogil(F&& f) {
  auto r = [&] {
    py::gil_scoped_release release;
    return f();
  }();
  return bt::py::unwrap(std::move(r));
}

using Holder = std::unique_ptr<Client, NoGilDelete>;

bt::crypto::Keypair keypair(const std::string& uri, const std::string& scheme) {
  auto sch = bt::py::unwrap(bt::crypto::parse_scheme(scheme));
  return bt::py::unwrap(bt::crypto::Keypair::from_uri(uri, sch));
}

py::dict outcome_dict(const bt::client::ExtrinsicOutcome& o) {
  py::dict d;
  d["block"] = pybytes(o.block.to_bytes());
  d["index"] = o.index;
  py::list evs;
  for (const auto& e : o.events) evs.append(e.pallet + "." + e.name);
  d["events"] = evs;
  d["success"] = o.success();
  d["error"] = o.error ? py::object(py::str(o.error->to_string())) : py::object(py::none());
  d["error_name"] = (o.error && o.error->module)
                        ? py::object(py::str(o.error->module->pallet + "." + o.error->module->name))
                        : py::object(py::none());
  return d;
}

std::vector<bt::metadata::Value> to_values(const py::list& items) {
  std::vector<bt::metadata::Value> out;
  for (const auto& it : items)
    out.push_back(bt::py::unwrap(bt::metadata::from_json(dumps(py::reinterpret_borrow<py::object>(it)))));
  return out;
}
py::object from_value(const bt::metadata::Value& v) { return loads(bt::metadata::to_json(v)); }

}  // namespace

void init_client(py::module_& m) {
  register_exit_hook();
  auto c = m.def_submodule("client", "Substrate chain client (bt::client::Client)");
  auto cls = py::class_<Client, Holder>(c, "Client", R"doc(
Chain client over ws://, wss://, http:// or https:// (default local node ws://127.0.0.1:9944).
Thread-safe; every network wait releases the GIL. Subscription callbacks run on an internal thread.
)doc");
  cls.def(py::init([](const std::string& url, double timeout, double connect_timeout, bool auto_reconnect,
                      std::uint32_t page_size) {
            bt::client::ClientOptions o;
            o.rpc = make_options(timeout, connect_timeout, auto_reconnect, std::size_t{64} << 20);
            o.page_size = page_size;
            auto r = [&] {
              py::gil_scoped_release release;
              return Client::connect(url, o);
            }();
            Holder out(bt::py::unwrap(std::move(r)).release());
            LiveClients::get().add(&out->rpc());
            return out;
          }),
          py::arg("url") = "ws://127.0.0.1:9944", py::arg("timeout") = 30.0,
          py::arg("connect_timeout") = 10.0, py::arg("auto_reconnect") = true, py::arg("page_size") = 1000)
      .def_property_readonly(
          "rpc", [](Client& self) -> bt::rpc::RpcClient& { return self.rpc(); },
          py::return_value_policy::reference_internal)
      .def(
          "request",
          [](Client& self, const std::string& method, const py::object& params) {
            const std::string p = dumps(params);
            return loads(nogil([&] { return self.rpc().call(method, p); }));
          },
          py::arg("method"), py::arg("params") = py::list(),
          "Raw JSON-RPC request; returns the decoded result.")
      .def("genesis_hash", [](Client& self) { return pybytes(nogil([&] { return self.genesis_hash(); })); })
      .def(
          "runtime_version",
          [](Client& self, const py::object& at) {
            auto a = to_at(at);
            auto v = nogil([&] { return self.runtime_version(a); });
            py::dict d;
            d["spec_name"] = v.spec_name;
            d["impl_name"] = v.impl_name;
            d["spec_version"] = v.spec_version;
            d["impl_version"] = v.impl_version;
            d["transaction_version"] = v.transaction_version;
            d["state_version"] = v.state_version;
            return d;
          },
          py::arg("at") = py::none())
      .def("chain_name", [](Client& self) { return nogil([&] { return self.chain_name(); }); })
      .def("properties", [](Client& self) { return loads(nogil([&] { return self.properties(); }).json); })
      .def(
          "block_hash",
          [](Client& self, std::uint64_t n) { return pybytes(nogil([&] { return self.block_hash(n); })); },
          py::arg("number"))
      .def("finalized_head",
           [](Client& self) { return pybytes(nogil([&] { return self.finalized_head(); })); })
      .def(
          "header",
          [](Client& self, const py::object& at) {
            auto a = to_at(at);
            return header_dict(nogil([&] { return self.header(a); }));
          },
          py::arg("at") = py::none())
      .def(
          "metadata",
          [](Client& self, const py::object& at) {
            auto a = to_at(at);
            return pybytes(*nogil([&] { return self.metadata(a); }));
          },
          py::arg("at") = py::none(), "Raw SCALE metadata (cached per runtime version).")
      .def(
          "storage",
          [](Client& self, const py::object& key, const py::object& at) {
            auto k = to_bytes(key);
            auto a = to_at(at);
            return opt_bytes(nogil([&] { return self.storage(k, a); }));
          },
          py::arg("key"), py::arg("at") = py::none(), "Raw storage value (bytes) or None.")
      .def(
          "storage_multi",
          [](Client& self, const std::vector<py::object>& keys, const py::object& at) {
            std::vector<bt::Bytes> ks;
            for (const auto& k : keys) ks.push_back(to_bytes(k));
            auto a = to_at(at);
            auto vals = nogil([&] { return self.storage_multi(ks, a); });
            py::list out;
            for (const auto& v : vals) out.append(opt_bytes(v));
            return out;
          },
          py::arg("keys"), py::arg("at") = py::none())
      .def(
          "storage_entries",
          [](Client& self, const py::object& prefix, const py::object& at, std::uint32_t page_size) {
            auto p = to_bytes(prefix);
            auto a = to_at(at);
            auto entries = nogil([&] { return self.storage_entries(p, a, page_size); });
            py::list out;
            for (const auto& [k, v] : entries) out.append(py::make_tuple(pybytes(k), pybytes(v)));
            return out;
          },
          py::arg("prefix"), py::arg("at") = py::none(), py::arg("page_size") = 0,
          "Every (key, value) under prefix, read page by page at one block.")
      .def(
          "state_call",
          [](Client& self, const std::string& method, const py::object& data, const py::object& at) {
            auto d = to_bytes(data);
            auto a = to_at(at);
            return pybytes(nogil([&] { return self.state_call(method, d, a); }));
          },
          py::arg("method"), py::arg("data") = py::bytes(), py::arg("at") = py::none(),
          "Runtime API call, e.g. state_call('SubnetInfoRuntimeApi_get_subnet_hyperparams', netuid_le16).")
      .def(
          "account_next_index",
          [](Client& self, const std::string& addr) {
            return nogil([&] { return self.account_next_index(addr); });
          },
          py::arg("ss58_address"))
      .def(
          "subscribe",
          [](Client& self, const std::string& method, const py::object& params, const std::string& unsub,
             py::function cb) { return subscribe(self.rpc(), method, params, unsub, std::move(cb)); },
          py::arg("method"), py::arg("params"), py::arg("unsubscribe_method"), py::arg("callback"))
      .def(
          "subscribe_new_heads",
          [](Client& self, py::function cb, std::optional<py::function> on_error) {
            auto f = hold(std::move(cb));
            std::shared_ptr<py::function> ef = on_error ? hold(std::move(*on_error)) : nullptr;
            auto r = [&] {
              py::gil_scoped_release release;
              return self.subscribe_new_heads([f, ef](const bt::Result<bt::client::Header>& h) {
                if (py_finalizing()) return;
                py::gil_scoped_acquire gil;
                if (h)
                  invoke(f, header_dict(*h));
                else
                  report_error(ef, h.error(), "bittensor_cpp subscribe_new_heads");
              });
            }();
            auto s = std::make_unique<PySubscription>();
            s->sub = bt::py::unwrap(std::move(r));
            return s;
          },
          py::arg("callback"), py::arg("on_error") = py::none(),
          "callback(header: dict) for every new best block. Errors (a malformed header: ClientError; the "
          "subscription ending because re-subscribing after a reconnect failed: RpcError, and .active turns "
          "False) go to on_error(exc), or without on_error to sys.unraisablehook (printed).")
      .def("close", [](Client& self) {
        py::gil_scoped_release release;
        self.rpc().close();
      });
  // Typed access through the runtime metadata; values as JSON-like Python objects (bt::metadata::to_json).
  cls.def(
         "query",
         [](Client& self, const std::string& pallet, const std::string& entry, const py::list& keys,
            const py::object& at) {
           auto k = to_values(keys);
           auto a = to_at(at);
           auto v = nogil([&] { return bt::client::storage_value(self, pallet, entry, k, a); });
           return v ? from_value(*v) : py::object(py::none());
         },
         py::arg("pallet"), py::arg("entry"), py::arg("keys") = py::list(), py::arg("at") = py::none(),
         "Storage item decoded with the metadata (default value if absent; None for absent Option items).")
      .def(
          "query_map",
          [](Client& self, const std::string& pallet, const std::string& entry, const py::list& keys,
             const py::object& at, std::uint32_t page_size) {
            auto k = to_values(keys);
            auto a = to_at(at);
            auto entries =
                nogil([&] { return bt::client::storage_map(self, pallet, entry, k, a, page_size); });
            py::list out;
            for (const auto& e : entries) {
              py::list ks;
              for (const auto& kv : e.keys) ks.append(from_value(kv));
              out.append(py::make_tuple(ks, from_value(e.value)));
            }
            return out;
          },
          py::arg("pallet"), py::arg("entry"), py::arg("keys") = py::list(), py::arg("at") = py::none(),
          py::arg("page_size") = 0, "[(key_parts, value), ...] of a storage map under the leading keys.")
      .def(
          "constant",
          [](Client& self, const std::string& pallet, const std::string& name) {
            return from_value(nogil([&] { return bt::client::constant(self, pallet, name); }));
          },
          py::arg("pallet"), py::arg("name"))
      .def(
          "runtime_api",
          [](Client& self, const std::string& api, const std::string& method, const py::list& args,
             const py::object& at) {
            auto k = to_values(args);
            auto a = to_at(at);
            return from_value(nogil([&] { return bt::client::runtime_api_call(self, api, method, k, a); }));
          },
          py::arg("api"), py::arg("method"), py::arg("args") = py::list(), py::arg("at") = py::none(),
          "Runtime API call typed by the V15 metadata, e.g. runtime_api('SubnetInfoRuntimeApi', "
          "'get_subnet_hyperparams', [1]).");

  c.def(
      "create_signed",
      [](Client& client, const Metadata& md, const py::object& call, const std::string& signer,
         const std::string& scheme, std::optional<std::uint64_t> nonce, std::uint64_t period,
         std::uint64_t tip) {
        auto kp = keypair(signer, scheme);
        const bt::Bytes cb = to_bytes(call);
        bt::client::TxOptions opt;
        opt.nonce = nonce;
        opt.period = period;
        opt.tip = tip;
        bt::Result<bt::Bytes> r = bt::Bytes{};
        {
          py::gil_scoped_release release;
          r = bt::client::create_signed(client, md, cb, kp, opt);
        }
        return pybytes(bt::py::unwrap(std::move(r)));
      },
      py::arg("client"), py::arg("metadata"), py::arg("call"), py::arg("signer_uri"),
      py::arg("scheme") = "sr25519", py::kw_only(), py::arg("nonce") = py::none(), py::arg("period") = 64,
      py::arg("tip") = 0,
      "Signs `call` with nonce (default: system_accountNextIndex), era and hashes taken from the chain.");

  c.def(
      "submit",
      [](Client& client, const py::object& xt) {
        const bt::Bytes b = to_bytes(xt);
        bt::Result<bt::Hash256> r = bt::Hash256{};
        {
          py::gil_scoped_release release;
          r = client.submit_extrinsic(b);
        }
        return pybytes(bt::py::unwrap(std::move(r)).to_bytes());
      },
      py::arg("client"), py::arg("extrinsic"), "author_submitExtrinsic; returns the extrinsic hash.");

  c.def(
      "query_fee",
      [](Client& client, const Metadata& md, const py::object& xt) {
        const bt::Bytes b = to_bytes(xt);
        bt::Result<bt::client::FeeEstimate> r = bt::client::FeeEstimate{};
        {
          py::gil_scoped_release release;
          r = bt::client::query_fee(client, md, b);
        }
        auto f = bt::py::unwrap(std::move(r));
        py::dict d;
        d["ref_time"] = f.ref_time;
        d["proof_size"] = f.proof_size;
        d["class"] = f.dispatch_class;
        d["partial_fee"] = static_cast<std::uint64_t>(f.partial_fee);
        return d;
      },
      py::arg("client"), py::arg("metadata"), py::arg("extrinsic"),
      "TransactionPaymentApi.query_info via state_call.");

  c.def(
      "find_outcome",
      [](Client& client, const Metadata& md, const py::object& block, const py::object& xt) -> py::object {
        const bt::Bytes b = to_bytes(xt);
        const bt::Hash256 h = bt::py::tagged_arg<bt::Hash256>(block, "block_hash");
        bt::Result<std::optional<bt::client::ExtrinsicOutcome>> r =
            std::optional<bt::client::ExtrinsicOutcome>{};
        {
          py::gil_scoped_release release;
          r = bt::client::find_outcome(client, md, h, b);
        }
        auto o = bt::py::unwrap(std::move(r));
        if (!o) return py::none();
        return outcome_dict(*o);
      },
      py::arg("client"), py::arg("metadata"), py::arg("block_hash"), py::arg("extrinsic"),
      "dict(block, index, events, success, error, error_name) of the extrinsic in that block, or None.");
  m.attr("Client") = cls;
}
