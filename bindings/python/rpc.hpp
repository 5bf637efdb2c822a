// SPDX-License-Identifier: MIT
// Private helpers shared by the rpc and client bindings (bindings/python/rpc.cpp, client.cpp).
#pragma once

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/rpc/rpc_client.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <type_traits>

#include "errors.hpp"

namespace py = pybind11;

namespace bt_py_rpc {

inline std::string dumps(const py::object& o) {
  return py::module_::import("json").attr("dumps")(o).cast<std::string>();
}
inline py::object loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

inline std::optional<std::chrono::milliseconds> to_ms(std::optional<double> seconds) {
  if (!seconds) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(*seconds * 1000.0));
}

// True once the interpreter is finalizing: a native thread must not take the GIL any more (it would
// abort or hang the process), so callbacks are skipped and Python objects leaked instead of freed.
inline bool py_finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing() != 0;
#else
  return _Py_IsFinalizing() != 0;
#endif
}

// Every native client alive in this process. An atexit hook (run before the interpreter starts to
// finalize) closes them all, which joins their dispatch threads: no callback can then race the
// finalization, whether or not the script called unsubscribe()/close().
class LiveClients {
 public:
  static LiveClients& get() {
    static auto* live = new LiveClients;  // never destroyed: used until the very end of the process
    return *live;
  }
  void add(bt::rpc::RpcClient* c) {
    std::lock_guard lock(mu_);
    clients_.insert(c);
  }
  // Before the client is deleted; waits if close_all() is closing exactly this one.
  void remove(bt::rpc::RpcClient* c) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closing_ != c; });
    clients_.erase(c);
  }
  // Closes every live client (call without the GIL). Clients stay registered until deleted.
  void close_all() {
    std::set<bt::rpc::RpcClient*> done;
    for (;;) {
      bt::rpc::RpcClient* c = nullptr;
      {
        std::lock_guard lock(mu_);
        for (auto* x : clients_)
          if (!done.count(x)) {
            c = x;
            break;
          }
        if (!c) return;
        closing_ = c;
        done.insert(c);
      }
      c->close();
      {
        std::lock_guard lock(mu_);
        closing_ = nullptr;
      }
      cv_.notify_all();
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<bt::rpc::RpcClient*> clients_;
  bt::rpc::RpcClient* closing_ = nullptr;
};

// Registers the atexit hook once (from whichever binding module initialises first).
inline void register_exit_hook() {
  static bool done = false;
  if (done) return;
  done = true;
  py::module_::import("atexit").attr("register")(py::cpp_function([] {
    py::gil_scoped_release nogil;
    LiveClients::get().close_all();
  }));
}

// A Python callable that may be copied and destroyed on threads that do not hold the GIL.
inline std::shared_ptr<py::function> hold(py::function f) {
  return std::shared_ptr<py::function>(new py::function(std::move(f)), [](py::function* p) {
    if (py_finalizing()) return;  // leaked on purpose: the GIL cannot be taken any more
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// Runs a Python callback from the dispatch thread; exceptions are printed, not propagated.
// Call with the GIL held.
template <class... Args>
void invoke(const std::shared_ptr<py::function>& f, Args&&... args) {
  try {
    (*f)(std::forward<Args>(args)...);
  } catch (py::error_already_set& e) {
    e.discard_as_unraisable("bittensor_cpp subscription callback");
  }
}

// The exception object bt::py::raise would raise for e (e.g. a bittensor_cpp.RpcError instance).
inline py::object error_object(const bt::Error& e) {
  try {
    bt::py::raise(e);
  } catch (py::error_already_set& ex) {
    return ex.value();
  }
  return py::none();
}

// A subscription error: given to on_error(exc) if there is one, else reported through
// sys.unraisablehook (printed by default), never dropped silently. Call with the GIL held.
inline void report_error(const std::shared_ptr<py::function>& on_error, const bt::Error& e,
                         const char* where) {
  try {
    bt::py::raise(e);
  } catch (py::error_already_set& ex) {
    if (on_error)
      invoke(on_error, ex.value());
    else
      ex.discard_as_unraisable(where);
  }
}

// Deleter for bound clients: unregisters them from LiveClients and deletes without the GIL (the
// destructor joins threads, and a callback may be waiting for the GIL).
struct NoGilDelete {
  template <class T>
  void operator()(T* p) const {
    if constexpr (std::is_same_v<T, bt::rpc::RpcClient>)
      LiveClients::get().remove(p);
    else
      LiveClients::get().remove(&p->rpc());
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
    if (py_finalizing()) return;
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
        d["exception"] = ev.error ? error_object(*ev.error) : py::none();
        break;
    }
    invoke(f, d);
  };
}

inline std::unique_ptr<PySubscription> subscribe(bt::rpc::RpcClient& c, const std::string& method,
                                                 const py::object& params,
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

inline bt::rpc::Options make_options(double timeout, double connect_timeout, bool auto_reconnect,
                                     std::size_t max_message_size,
                                     std::size_t max_queued_notifications = 4096) {
  bt::rpc::Options o;
  o.max_queued_notifications = max_queued_notifications;
  o.request_timeout = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
  o.connect_timeout = std::chrono::milliseconds(static_cast<long long>(connect_timeout * 1000));
  o.auto_reconnect = auto_reconnect;
  o.max_message_size = max_message_size;
  return o;
}

}  // namespace bt_py_rpc
