// SPDX-License-Identifier: MIT
#include "errors.hpp"

#include <exception>
#include <map>
#include <string>

namespace py = pybind11;

namespace bt::py {
namespace {
// Python exception class per module category name ("bt.scale" -> DecodeError, ...). Categories not
// listed map to the base Error. Each exception carries .module, .code and .detail attributes.
std::map<std::string, ::py::object>& registry() {
  static auto* r = new std::map<std::string, ::py::object>();  // lives as long as the interpreter
  return *r;
}
::py::object& base_error() {
  static auto* b = new ::py::object();
  return *b;
}
}  // namespace

void init_errors(::py::module_& m) {
  base_error() = ::py::reinterpret_borrow<::py::object>(::py::handle(PyErr_NewExceptionWithDoc(
      "bittensor_cpp._core.Error", "Base class of every bittensor_cpp error.", PyExc_Exception, nullptr)));
  m.attr("Error") = base_error();
  struct Entry {
    const char* py_name;
    const char* category;
    const char* doc;
  };
  const Entry entries[] = {
      {"CoreError", "bt.core", "Bad hex, invalid argument, I/O error."},
      {"DecodeError", "bt.scale", "Malformed SCALE bytes."},
      {"MetadataError", "bt.metadata", "Malformed or unsupported runtime metadata, unknown name."},
      {"CryptoError", "bt.crypto", "Invalid key, seed, signature, mnemonic, URI or address."},
      {"KeyfileError", "bt.wallet", "Wallet/keyfile problem: wrong password, tampered or unknown format."},
      {"RpcError", "bt.rpc", "Transport failure, timeout or JSON-RPC error from the node."},
      {"ClientError", "bt.client", "Chain client error."},
      {"TransactionError", "bt.tx",
       "Transaction refused by the pool (stale, future, bad signature, cannot pay fees...), dropped or timed "
       "out."},
      {"ExtrinsicError", "bt.extrinsic", "Extrinsic construction or submission error."},
      {"SubtensorError", "bt.subtensor", "Subtensor operation error."},
      {"YumaError", "bt.yuma", "Invalid epoch input."},
      {"BlsError", "bt.crypto.bls12_381", "Invalid BLS12-381 point or scalar encoding."},
      {"TimelockError", "bt.crypto.timelock",
       "Timelock ciphertext does not open (see .reason for the kind)."},
      {"MetagraphError", "bt.metagraph",
       "Unknown runtime, missing block, inconsistent or malformed subnet storage."},
  };
  for (const auto& e : entries) {
    std::string qualified = std::string("bittensor_cpp._core.") + e.py_name;
    ::py::object cls = ::py::reinterpret_steal<::py::object>(
        PyErr_NewExceptionWithDoc(qualified.c_str(), e.doc, base_error().ptr(), nullptr));
    m.attr(e.py_name) = cls;
    registry()[e.category] = cls;
  }
  // An argument of the wrong Python type that a binding converts with .cast<T>() fails with
  // pybind11::cast_error, which pybind11 reports as a bare RuntimeError; it is a TypeError.
  ::py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ::py::cast_error& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    }
  });
}

void raise(const bt::Error& e) {
  auto it = registry().find(e.module());
  ::py::object cls = it != registry().end() ? it->second : base_error();
  ::py::object exc = cls(e.to_string());
  exc.attr("module") = std::string(e.module());
  exc.attr("code") = e.code().value();
  exc.attr("reason") = e.code().message();
  exc.attr("detail") = e.message();
  PyErr_SetObject(cls.ptr(), exc.ptr());
  throw ::py::error_already_set();
}

}  // namespace bt::py
