// SPDX-License-Identifier: MIT
// bittensor_cpp.rpc: the JSON-RPC client (RpcClient, Subscription). Params and results are Python
// objects converted through the json module. Every network wait releases the GIL; subscription
// callbacks run on the client's dispatch thread and take the GIL only while they run.
#include "rpc.hpp"
using bt::rpc::RpcClient;

void init_rpc(py::module_& m) {
  using namespace bt_py_rpc;
  register_exit_hook();
  auto r = m.def_submodule("rpc", "JSON-RPC 2.0 over ws://, wss://, http://, https:// (bt::rpc::RpcClient)");
  py::class_<PySubscription>(r, "Subscription", "A live subscription; unsubscribe() or drop it to end it.")
      .def("unsubscribe", &PySubscription::unsubscribe)
      .def_property_readonly("id", [](const PySubscription& s) { return s.sub.id(); })
      .def_property_readonly("active", [](const PySubscription& s) { return s.sub.active(); });

  py::class_<RpcClient, std::unique_ptr<RpcClient, NoGilDelete>>(
      r, "RpcClient",
      "JSON-RPC client. Thread-safe; blocking calls release the GIL. Reconnects automatically.")
      .def(
          py::init([](const std::string& url, double timeout, double connect_timeout, bool auto_reconnect,
                      std::size_t max_message_size, std::size_t max_queued_notifications) {
            auto o = make_options(timeout, connect_timeout, auto_reconnect, max_message_size,
                                  max_queued_notifications);
            bt::Result<std::unique_ptr<RpcClient>> c = [&] {
              py::gil_scoped_release nogil;
              return RpcClient::connect(url, o);
            }();
            std::unique_ptr<RpcClient, NoGilDelete> out(bt::py::unwrap(std::move(c)).release());
            LiveClients::get().add(out.get());
            return out;
          }),
          py::arg("url"), py::arg("timeout") = 30.0, py::arg("connect_timeout") = 10.0,
          py::arg("auto_reconnect") = true, py::arg("max_message_size") = std::size_t{64} << 20,
          py::arg("max_queued_notifications") = std::size_t{4096},
          "Closed automatically at interpreter exit. max_queued_notifications bounds the subscription events "
          "waiting for their callbacks; when full the oldest notification is dropped "
          "(stats()['notifications_dropped']).")
      .def(
          "call",
          [](RpcClient& c, const std::string& method, const py::object& params,
             std::optional<double> timeout) {
            const std::string p = dumps(params);
            bt::Result<std::string> res = [&] {
              py::gil_scoped_release nogil;
              return c.call(method, p, to_ms(timeout));
            }();
            return loads(bt::py::unwrap(std::move(res)));
          },
          py::arg("method"), py::arg("params") = py::list(), py::arg("timeout") = py::none(),
          "Sends one request and returns its result (decoded JSON). Raises RpcError.")
      .def(
          "batch",
          [](RpcClient& c, const std::vector<std::pair<std::string, py::object>>& calls) {
            std::vector<bt::rpc::Request> reqs;
            for (const auto& [m, p] : calls) reqs.push_back({m, dumps(p)});
            bt::Result<std::vector<bt::Result<std::string>>> res = [&] {
              py::gil_scoped_release nogil;
              return c.batch(reqs);
            }();
            auto out = bt::py::unwrap(std::move(res));
            py::list l;
            for (auto& x : out) {
              if (x) {
                l.append(loads(*x));
              } else {
                try {
                  bt::py::raise(x.error());
                } catch (py::error_already_set& e) {
                  l.append(e.value());
                }
              }
            }
            return l;
          },
          py::arg("calls"),
          "[(method, params), ...] as one batch; each element is a result or an exception object.")
      .def("subscribe", &subscribe, py::arg("method"), py::arg("params"), py::arg("unsubscribe_method"),
           py::arg("callback"),
           "callback(event: dict) with kind 'notification' (result), 'resubscribed' (gap_ms) or 'error' "
           "(error: str, "
           "exception: the RpcError; the subscription has ended and .active is False).")
      .def("close",
           [](RpcClient& c) {
             py::gil_scoped_release nogil;
             c.close();
           })
      .def("stats",
           [](const RpcClient& c) {
             auto s = c.stats();
             py::dict d;
             d["requests_sent"] = s.requests_sent;
             d["reconnects"] = s.reconnects;
             d["protocol_errors"] = s.protocol_errors;
             d["notifications_dropped"] = s.notifications_dropped;
             d["connected"] = s.connected;
             return d;
           })
      .def_property_readonly("url", &RpcClient::url);
}
