// SPDX-License-Identifier: MIT
// Private helpers shared by the rpc and client bindings (bindings/python/rpc.cpp, client.cpp).
#pragma once

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/rpc/rpc_client.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "errors.hpp"

namespace py = pybind11;

namespace bt_py_rpc {

inline std::string dumps(const py::object& o) { return py::module_::import("json").attr("dumps")(o).cast<std::string>(); }
inline py::object loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

inline std::optional<std::chrono::milliseconds> to_ms(std::optional<double> seconds) {
  if (!seconds) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(*seconds * 1000.0));
}

// A Python callable that may be copied and destroyed on threads that do not hold the GIL.
inline std::shared_ptr<py::function> hold(py::function f) {
  return std::shared_ptr<py::function>(new py::function(std::move(f)), [](py::function* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// Runs a Python callback from the dispatch thread; exceptions are printed, not propagated.
template <class... Args>
void invoke(const std::shared_ptr<py::function>& f, Args&&... args) {
  py::gil_scoped_acquire gil;
  try {
    (*f)(std::forward<Args>(args)...);
  } catch (py::error_already_set& e) {
    e.discard_as_unraisable("bittensor_cpp subscription callback");
  }
}

// Deleter for bound objects whose destructor joins threads (a callback may be waiting for the GIL).
struct NoGilDelete {
  template <class T>
  void operator()(T* p) const {
    if (PyGILState_Check()) {
      py::gil_scoped_release nogil;
      delete p;
    } else {
      delete p;
    }
  }
};

// Subscription handle whose unsubscribe/destructor release the GIL (a callback may be waiting for it).
struct PySubscription {
  bt::rpc::Subscription sub;
  void unsubscribe() {
    py::gil_scoped_release nogil;
    sub.unsubscribe();
  }
  ~PySubscription() {
    if (PyGILState_Check()) {
      py::gil_scoped_release nogil;
      sub.unsubscribe();
    } else {
      sub.unsubscribe();
    }
  }
};

// Python callback(event) with event = {"kind": "notification"|"resubscribed"|"error", "result": obj,
// "gap_ms": int, "error": str}.
inline bt::rpc::SubscriptionCallback event_callback(py::function cb) {
  auto f = hold(std::move(cb));
  return [f](const bt::rpc::SubscriptionEvent& ev) {
    py::gil_scoped_acquire gil;
    py::dict d;
    switch (ev.kind) {
      case bt::rpc::SubscriptionEvent::Kind::notification:
        d["kind"] = "notification";
        d["result"] = loads(ev.result_json);
        break;
      case bt::rpc::SubscriptionEvent::Kind::resubscribed:
        d["kind"] = "resubscribed";
        d["gap_ms"] = ev.gap_ms.count();
        break;
      case bt::rpc::SubscriptionEvent::Kind::error:
        d["kind"] = "error";
        d["error"] = ev.error ? ev.error->to_string() : std::string();
        break;
    }
    invoke(f, d);
  };
}

inline std::unique_ptr<PySubscription> subscribe(bt::rpc::RpcClient& c, const std::string& method, const py::object& params,
                                          const std::string& unsubscribe_method, py::function cb) {
  const std::string p = dumps(params);
  auto callback = event_callback(std::move(cb));
  bt::Result<bt::rpc::Subscription> r = [&] {
    py::gil_scoped_release nogil;
    return c.subscribe(method, p, unsubscribe_method, std::move(callback));
  }();
  auto s = std::make_unique<PySubscription>();
  s->sub = bt::py::unwrap(std::move(r));
  return s;
}

inline bt::rpc::Options make_options(double timeout, double connect_timeout, bool auto_reconnect, std::size_t max_message_size) {
  bt::rpc::Options o;
  o.request_timeout = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
  o.connect_timeout = std::chrono::milliseconds(static_cast<long long>(connect_timeout * 1000));
  o.auto_reconnect = auto_reconnect;
  o.max_message_size = max_message_size;
  return o;
}

}  // namespace bt_py_rpc
