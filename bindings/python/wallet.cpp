// SPDX-License-Identifier: MIT
// bittensor_cpp.wallet: Keypair (btwallet-compatible names, all three Substrate schemes), Keyfile and
// Wallet. Also re-exported at the package top level (bittensor_cpp.Keypair, .Wallet, .Keyfile).
// Secrets handed to Python (private_key, mnemonic, seed_hex) are ordinary Python objects and cannot be
// wiped. The GIL is released while Argon2 runs (keyfile encryption/decryption).
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <algorithm>

#include <bt/crypto/bip39.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/wallet/keyfile.hpp>
#include <bt/wallet/polkadot_json.hpp>
#include <bt/wallet/wallet.hpp>
#include <optional>
#include <string>

#include "convert.hpp"
#include "errors.hpp"
#include "signer.hpp"

namespace py = pybind11;
using bt::as_bytes;
using bt::Bytes;
using bt::ByteView;
using bt::Error;
using bt::from_hex;
using bt::Result;
using bt::SecureBytes;
using bt::to_hex;
using bt::crypto::Scheme;
namespace crypto = bt::crypto;
namespace wallet = bt::wallet;

namespace {

using bt::py::BytesLike;
using bt::py::to_py;

// btwallet's rules for message-like arguments (Keypair.sign/verify, seeds, keys): convert.hpp's rules
// (bytes-like, "0x" hex) plus any other str as its UTF-8 text, and objects with a `.data` attribute
// (scalecodec ScaleBytes).
Bytes data_arg(const py::handle& obj, int depth = 0) {
  if (PyUnicode_Check(obj.ptr())) {
    std::string s = obj.cast<std::string>();
    if (s.rfind("0x", 0) != 0) return Bytes(s.begin(), s.end());
  }
  if (PyUnicode_Check(obj.ptr()) || PyObject_CheckBuffer(obj.ptr()))
    return bt::py::bytes_arg(obj, bt::py::Text::hex, "data");
  if (depth == 0 && py::hasattr(obj, "data")) return data_arg(obj.attr("data"), 1);
  throw py::type_error("expected bytes, a hex string starting with 0x, a str, or ScaleBytes");
}

Scheme scheme_arg(const py::object& s) {
  if (s.is_none()) return Scheme::sr25519;
  if (py::isinstance<py::int_>(s)) {
    // Range-check as a Python int: 2**40 must be "not a scheme", not a C++ cast failure.
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(s.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow != 0 || v < 0 || v > 2)
      bt::py::raise(Error(crypto::CryptoError::unsupported_scheme, "crypto_type must be 0, 1 or 2"));
    return static_cast<Scheme>(v);
  }
  if (!py::isinstance<py::str>(s))
    throw py::type_error("crypto_type must be an int (0, 1, 2) or a scheme name");
  return bt::py::unwrap(crypto::parse_scheme(s.cast<std::string>()));
}

// The Python-visible key pair: any scheme, possibly public only.
struct PyKeypair {
  Scheme scheme = Scheme::sr25519;
  std::optional<crypto::Keypair> pair;
  Bytes public_key;
  std::uint16_t ss58_format = 42;
  std::optional<std::string> mnemonic;
  std::optional<Bytes> seed;

  static PyKeypair of(crypto::Keypair kp, std::uint16_t fmt = 42) {
    PyKeypair p;
    p.scheme = kp.scheme();
    p.public_key = kp.public_key();
    if (kp.seed()) p.seed = Bytes(kp.seed()->view().begin(), kp.seed()->view().end());
    p.pair.emplace(std::move(kp));
    p.ss58_format = fmt;
    return p;
  }
  static PyKeypair of(const wallet::KeyMaterial& k) {
    PyKeypair p;
    if (k.has_private_key()) {
      p = of(k.keypair()->get());
    } else {
      p.public_key = k.public_key().to_bytes();
    }
    p.mnemonic = k.mnemonic();
    if (k.seed()) p.seed = k.seed();
    return p;
  }
  crypto::AccountId32 account_id() const {
    if (pair) return pair->account_id();
    if (scheme == Scheme::ecdsa)
      return crypto::ecdsa::account_id(crypto::ecdsa::PublicKey::from_view(public_key).value());
    return crypto::AccountId32::from_view(public_key).value();
  }
  std::string ss58_address() const { return bt::py::unwrap(crypto::ss58_encode(account_id(), ss58_format)); }
  wallet::KeyMaterial material() const {
    if (scheme != Scheme::sr25519)
      bt::py::raise(
          Error(crypto::CryptoError::unsupported_scheme, "keyfiles hold sr25519 keys only (crypto_type 1)"));
    if (!pair) return wallet::KeyMaterial::public_only(account_id());
    return wallet::KeyMaterial::from_keypair(*pair, mnemonic, seed);
  }
};

PyKeypair make_keypair_unchecked(const std::optional<std::string>& ss58_address, py::object public_key,
                                 py::object private_key, std::uint16_t ss58_format, py::object seed_hex,
                                 Scheme s);

// Builds the key from whichever of seed / private key / public key / address is given; an address
// given together with a key must encode that key's account (a mismatch raises CryptoError).
PyKeypair make_keypair(std::optional<std::string> ss58_address, py::object public_key, py::object private_key,
                       std::uint16_t ss58_format, py::object seed_hex, py::object crypto_type) {
  const Scheme s = scheme_arg(crypto_type);
  PyKeypair p = make_keypair_unchecked(ss58_address, public_key, private_key, ss58_format, seed_hex, s);
  if (ss58_address && !(public_key.is_none() && private_key.is_none() && seed_hex.is_none())) {
    auto d = bt::py::unwrap(crypto::ss58_decode(*ss58_address));
    const crypto::AccountId32 id = p.account_id();
    if (d.payload.size() != 32 || !std::equal(d.payload.begin(), d.payload.end(), id.view().begin()))
      bt::py::raise(Error(crypto::CryptoError::invalid_ss58,
                          "ss58_address " + *ss58_address + " does not match the given key"));
    if (ss58_format == 42) p.ss58_format = d.prefix;
  }
  return p;
}

PyKeypair make_keypair_unchecked(const std::optional<std::string>& ss58_address, py::object public_key,
                                 py::object private_key, std::uint16_t ss58_format, py::object seed_hex,
                                 Scheme s) {
  if (!seed_hex.is_none()) {
    Bytes seed = data_arg(seed_hex);
    auto p = s == Scheme::sr25519 && seed.size() == 64
                 ? PyKeypair::of(bt::py::unwrap(crypto::Keypair::from_sr25519_secret(seed)), ss58_format)
                 : PyKeypair::of(bt::py::unwrap(crypto::Keypair::from_seed(seed, s)), ss58_format);
    p.seed = seed;
    return p;
  }
  if (!private_key.is_none()) {
    Bytes pk = data_arg(private_key);
    if (s == Scheme::sr25519 && pk.size() == 64)
      return PyKeypair::of(bt::py::unwrap(crypto::Keypair::from_sr25519_secret(pk)), ss58_format);
    return PyKeypair::of(bt::py::unwrap(crypto::Keypair::from_seed(pk, s)), ss58_format);
  }
  PyKeypair p;
  p.scheme = s;
  p.ss58_format = ss58_format;
  if (!public_key.is_none()) {
    p.public_key = data_arg(public_key);
    if (p.public_key.size() != crypto::public_key_size(s))
      bt::py::raise(
          Error(crypto::CryptoError::invalid_length, "public_key has the wrong length for the scheme"));
    return p;
  }
  if (ss58_address) {
    if (s == Scheme::ecdsa)
      bt::py::raise(
          Error(crypto::CryptoError::unsupported_scheme, "an ecdsa public key cannot come from an address"));
    auto d = bt::py::unwrap(crypto::ss58_decode(*ss58_address));
    if (d.payload.size() != 32)
      bt::py::raise(Error(crypto::CryptoError::invalid_length, "not a 32-byte account"));
    p.public_key = d.payload;
    if (ss58_format == 42) p.ss58_format = d.prefix;
    return p;
  }
  throw py::value_error("no ss58_address, public_key, private_key or seed_hex provided");
}

bool verify_impl(const PyKeypair& kp, const py::handle& data, const py::handle& signature) {
  Bytes msg = data_arg(data);
  Bytes sig = data_arg(signature);
  auto ms = crypto::MultiSignature::make(kp.scheme, sig);
  if (!ms) return false;
  auto signer = crypto::MultiSigner::make(kp.scheme, kp.public_key);
  if (!signer) return false;
  if (crypto::verify(*ms, msg, *signer)) return true;
  // Signatures made by wallets that wrap the message (polkadot-js signRaw).
  Bytes wrapped;
  const std::string open = "<Bytes>", close = "</Bytes>";
  wrapped.insert(wrapped.end(), open.begin(), open.end());
  wrapped.insert(wrapped.end(), msg.begin(), msg.end());
  wrapped.insert(wrapped.end(), close.begin(), close.end());
  return crypto::verify(*ms, wrapped, *signer);
}

// A NUL inside a path would be silently truncated by the OS: refuse it up front (the library refuses
// it again at every file operation).
void no_nul(const std::string& s, const char* what) {
  if (s.find('\0') != std::string::npos)
    bt::py::raise(Error(wallet::KeyfileError::invalid_path, std::string(what) + " contains a NUL byte"));
}

wallet::PasswordSource password_source(std::optional<std::string> password, py::object callback) {
  wallet::PasswordSource src;
  src.password = std::move(password);
  if (!callback.is_none()) {
    src.callback = [callback]() -> std::optional<std::string> {
      py::gil_scoped_acquire gil;
      py::object r = callback();
      if (r.is_none()) return std::nullopt;
      if (!py::isinstance<py::str>(r))
        throw py::type_error("password_callback must return a str or None, not " +
                             std::string(py::str(r.get_type().attr("__name__"))));
      return r.cast<std::string>();
    };
  }
  return src;
}

wallet::NewKeyOptions key_options(std::size_t n_words, bool use_password, bool overwrite,
                                  std::optional<std::string> password) {
  wallet::NewKeyOptions o;
  o.n_words = n_words;
  o.use_password = use_password;
  o.overwrite = overwrite;
  o.password = std::move(password);
  return o;
}

// regenerate_coldkey / regenerate_hotkey: the key from a mnemonic if one is given, else from a seed,
// stored through `set` (Wallet::set_coldkey or Wallet::set_hotkey) with the GIL released.
using KeySetter = Result<void> (wallet::Wallet::*)(const wallet::KeyMaterial&, const wallet::NewKeyOptions&);
auto regenerate_key(KeySetter set) {
  return [set](wallet::Wallet& w, std::optional<std::string> mnemonic, py::object seed, bool use_password,
               bool overwrite, std::optional<std::string> pw) {
    auto o = key_options(12, use_password, overwrite, std::move(pw));
    wallet::KeyMaterial key = mnemonic ? bt::py::unwrap(wallet::KeyMaterial::from_mnemonic(*mnemonic))
                              : !seed.is_none()
                                  ? bt::py::unwrap(wallet::KeyMaterial::from_seed(data_arg(seed)))
                                  : throw py::value_error("mnemonic or seed is required");
    Result<void> r = [&] {
      py::gil_scoped_release nogil;
      return (w.*set)(key, o);
    }();
    bt::py::unwrap(std::move(r));
  };
}

}  // namespace

void init_wallet(py::module_& m) {
  py::module_ w =
      m.def_submodule("wallet", "Keypair (sr25519/ed25519/ecdsa), Bittensor keyfiles and wallets.");

  py::class_<PyKeypair>(
      w, "Keypair",
      "A Substrate key pair (btwallet-compatible API). crypto_type / scheme: 0 or 'ed25519', "
      "1 or 'sr25519' (default), 2 or 'ecdsa'. May be public-only.")
      .def(py::init(&make_keypair), py::arg("ss58_address") = py::none(), py::arg("public_key") = py::none(),
           py::arg("private_key") = py::none(), py::arg("ss58_format") = 42, py::arg("seed_hex") = py::none(),
           py::arg("crypto_type") = 1)
      .def_static(
          "generate_mnemonic",
          [](std::size_t n_words) { return bt::py::unwrap(crypto::bip39::generate(n_words)); },
          py::arg("n_words") = 12, "A new random BIP39 English mnemonic.")
      .def_static(
          "validate_mnemonic",
          [](const std::string& m) { return static_cast<bool>(crypto::bip39::validate(m)); },
          py::arg("mnemonic"))
      .def_static(
          "create_from_mnemonic",
          [](const std::string& mnemonic, std::uint16_t ss58_format, py::object crypto_type) {
            auto p = PyKeypair::of(
                bt::py::unwrap(crypto::Keypair::from_mnemonic(mnemonic, scheme_arg(crypto_type))),
                ss58_format);
            p.mnemonic = mnemonic;
            return p;
          },
          py::arg("mnemonic"), py::arg("ss58_format") = 42, py::arg("crypto_type") = 1)
      .def_static(
          "create_from_seed",
          [](py::object seed, std::uint16_t ss58_format, py::object crypto_type) {
            return make_keypair(std::nullopt, py::none(), py::none(), ss58_format, seed, crypto_type);
          },
          py::arg("seed"), py::arg("ss58_format") = 42, py::arg("crypto_type") = 1,
          "From a 32-byte seed (bytes or 0x hex); sr25519 also accepts a 64-byte schnorrkel secret.")
      .def_static(
          "create_from_private_key",
          [](py::object pk, std::uint16_t ss58_format, py::object crypto_type) {
            return make_keypair(std::nullopt, py::none(), pk, ss58_format, py::none(), crypto_type);
          },
          py::arg("private_key"), py::arg("ss58_format") = 42, py::arg("crypto_type") = 1)
      .def_static(
          "create_from_uri",
          [](const std::string& uri, std::uint16_t ss58_format, py::object crypto_type,
             std::optional<std::string> password) {
            std::optional<std::string_view> pw;
            if (password) pw = *password;
            return PyKeypair::of(bt::py::unwrap(crypto::Keypair::from_uri(uri, scheme_arg(crypto_type), pw)),
                                 ss58_format);
          },
          py::arg("uri"), py::arg("ss58_format") = 42, py::arg("crypto_type") = 1,
          py::arg("password") = py::none(),
          "From a Substrate secret URI: 'phrase//hard/soft///password', '0x<seed>//x', '//Alice'.")
      .def_static(
          "create_from_encrypted_json",
          [](py::object json_data, const std::string& passphrase, std::uint16_t ss58_format) {
            std::string text = py::isinstance<py::str>(json_data)
                                   ? json_data.cast<std::string>()
                                   : py::module_::import("json").attr("dumps")(json_data).cast<std::string>();
            Result<crypto::Keypair> r = [&] {
              py::gil_scoped_release nogil;
              return wallet::import_polkadot_json(text, passphrase);
            }();
            return PyKeypair::of(bt::py::unwrap(std::move(r)), ss58_format);
          },
          py::arg("json_data"), py::arg("passphrase"), py::arg("ss58_format") = 42,
          "From a polkadot-js encrypted account JSON (str or dict).")
      .def(
          "to_encrypted_json",
          [](const PyKeypair& k, const std::string& passphrase, const std::string& name) {
            if (!k.pair) bt::py::raise(Error(wallet::KeyfileError::no_private_key, "public-only keypair"));
            Result<std::string> r = [&] {
              py::gil_scoped_release nogil;
              return wallet::export_polkadot_json(*k.pair, passphrase, name);
            }();
            return bt::py::unwrap(std::move(r));
          },
          py::arg("passphrase"), py::arg("name") = "", "polkadot-js encrypted account JSON text.")
      .def_property_readonly("ss58_address", &PyKeypair::ss58_address)
      .def_property_readonly("public_key", [](const PyKeypair& k) { return to_py(k.public_key); })
      .def_property_readonly("account_id", [](const PyKeypair& k) { return to_py(k.account_id()); })
      .def_property_readonly("private_key",
                             [](const PyKeypair& k) -> py::object {
                               if (!k.pair) return py::none();
                               if (auto s = k.pair->sr25519_secret()) return to_py(s->view());
                               return to_py(k.pair->seed()->view());
                             })
      .def_property_readonly("mnemonic", [](const PyKeypair& k) { return k.mnemonic; })
      .def_property_readonly("seed_hex",
                             [](const PyKeypair& k) -> py::object {
                               if (!k.seed) return py::none();
                               return py::str(to_hex(*k.seed));
                             })
      .def_property_readonly("crypto_type", [](const PyKeypair& k) { return static_cast<int>(k.scheme); })
      .def_property_readonly("scheme",
                             [](const PyKeypair& k) { return std::string(crypto::scheme_name(k.scheme)); })
      .def_property_readonly("ss58_format", [](const PyKeypair& k) { return k.ss58_format; })
      .def_property_readonly("has_private_key", [](const PyKeypair& k) { return k.pair.has_value(); })
      .def(
          "sign",
          [](const PyKeypair& k, const py::object& data) {
            if (!k.pair)
              bt::py::raise(Error(wallet::KeyfileError::no_private_key, "public-only keypair cannot sign"));
            Bytes msg = data_arg(data);
            return to_py(k.pair->sign(msg).signature);
          },
          py::arg("data"), "Signature bytes (64 for sr25519/ed25519, 65 for ecdsa).")
      .def("verify", &verify_impl, py::arg("data"), py::arg("signature"),
           "True iff the signature (bytes or 0x hex) is valid for data (also accepts <Bytes>-wrapped data).")
      .def("__repr__", [](const PyKeypair& k) { return "<Keypair (address=" + k.ss58_address() + ")>"; });

  w.def(
      "keyfile_data_is_encrypted", [](const BytesLike& d) { return wallet::is_encrypted(d.view()); },
      py::arg("keyfile_data"));
  w.def(
      "keyfile_data_encryption_method",
      [](const BytesLike& d) { return std::string(wallet::encryption_method_name(d.view())); },
      py::arg("keyfile_data"));
  w.def(
      "encrypt_keyfile_data",
      [](const BytesLike& d, const std::string& password) {
        const Bytes data = d.to_bytes();
        Bytes out;
        {
          py::gil_scoped_release nogil;
          auto r = wallet::encrypt_nacl(ByteView(data), password);
          if (r)
            out = std::move(*r);
          else {
            py::gil_scoped_acquire gil;
            bt::py::raise(r.error());
          }
        }
        return to_py(out);
      },
      py::arg("keyfile_data"), py::arg("password"));
  w.def(
      "decrypt_keyfile_data",
      [](const BytesLike& d, const std::string& password) {
        const Bytes data = d.to_bytes();
        Result<SecureBytes> r = [&] {
          py::gil_scoped_release nogil;
          return wallet::decrypt_nacl(ByteView(data), password);
        }();
        return to_py(bt::py::unwrap(std::move(r)).view());
      },
      py::arg("keyfile_data"), py::arg("password"));
  w.def(
      "serialized_keypair_to_keyfile_data",
      [](const PyKeypair& k) { return to_py(as_bytes(wallet::serialize_keyfile_data(k.material()))); },
      py::arg("keypair"));
  w.def(
      "deserialize_keypair_from_keyfile_data",
      [](const BytesLike& d) {
        const Bytes data = d.to_bytes();
        return PyKeypair::of(bt::py::unwrap(wallet::deserialize_keyfile_data(ByteView(data))));
      },
      py::arg("keyfile_data"));
  w.def(
      "_override_kdf_params_for_tests",
      [](std::optional<std::uint64_t> opslimit, std::optional<std::size_t> memlimit) {
        if (opslimit && memlimit)
          wallet::testing::override_kdf_params_for_tests(wallet::KdfParams{*opslimit, *memlimit});
        else
          wallet::testing::override_kdf_params_for_tests(std::nullopt);
      },
      py::arg("opslimit") = py::none(), py::arg("memlimit") = py::none(),
      "TEST HOOK ONLY: cheaper Argon2 parameters (files become unreadable by btwallet); no args resets.");
  w.def(
      "env_var_name_for", [](const std::string& p) { return wallet::env_var_name_for(p); }, py::arg("path"));
  w.def("obfuscate_env_password", &wallet::obfuscate_env_password, py::arg("password"), py::arg("var_name"));

  py::class_<wallet::Keyfile>(w, "Keyfile", "A keyfile on disk ($NACL-encrypted or plain JSON).")
      .def(py::init([](const std::string& path, const std::string& name) {
             no_nul(path, "path");
             return wallet::Keyfile(path, name);
           }),
           py::arg("path"), py::arg("name") = "Keyfile")
      .def_property_readonly("path", [](const wallet::Keyfile& k) { return k.path().string(); })
      .def_property_readonly("name", &wallet::Keyfile::name)
      .def("exists_on_device", &wallet::Keyfile::exists)
      .def("is_encrypted", [](const wallet::Keyfile& k) { return bt::py::unwrap(k.is_encrypted()); })
      .def("env_var_name", &wallet::Keyfile::env_var_name)
      .def_property_readonly("data",
                             [](const wallet::Keyfile& k) { return to_py(bt::py::unwrap(k.read_data())); })
      .def_property_readonly("keyfile_data",
                             [](const wallet::Keyfile& k) { return to_py(bt::py::unwrap(k.read_data())); })
      .def(
          "get_keypair",
          [](const wallet::Keyfile& k, std::optional<std::string> password, py::object callback) {
            auto src = password_source(std::move(password), callback);
            Result<wallet::KeyMaterial> r = [&] {
              py::gil_scoped_release nogil;
              return k.get_keypair(src);
            }();
            return PyKeypair::of(bt::py::unwrap(std::move(r)));
          },
          py::arg("password") = py::none(), py::arg("password_callback") = py::none())
      .def_property_readonly(
          "keypair", [](const wallet::Keyfile& k) { return PyKeypair::of(bt::py::unwrap(k.get_keypair())); })
      .def(
          "set_keypair",
          [](wallet::Keyfile& k, const PyKeypair& kp, bool encrypt, bool overwrite,
             std::optional<std::string> password, bool allow_unencrypted) {
            wallet::WriteOptions o;
            o.encrypt = encrypt;
            o.overwrite = overwrite;
            o.password = std::move(password);
            o.allow_unencrypted_secret = allow_unencrypted;
            auto mat = kp.material();
            Result<void> r = [&] {
              py::gil_scoped_release nogil;
              return k.set_keypair(mat, o);
            }();
            bt::py::unwrap(std::move(r));
          },
          py::arg("keypair"), py::arg("encrypt") = true, py::arg("overwrite") = false,
          py::arg("password") = py::none(), py::arg("allow_unencrypted") = false,
          "Writes the keypair (0600). Unencrypted private keys need allow_unencrypted=True.")
      .def(
          "encrypt",
          [](wallet::Keyfile& k, const std::string& password) {
            Result<void> r = [&] {
              py::gil_scoped_release nogil;
              return k.encrypt(password);
            }();
            bt::py::unwrap(std::move(r));
          },
          py::arg("password"))
      .def(
          "decrypt",
          [](wallet::Keyfile& k, std::optional<std::string> password) {
            auto src = password_source(std::move(password), py::none());
            Result<void> r = [&] {
              py::gil_scoped_release nogil;
              return k.decrypt(src);
            }();
            bt::py::unwrap(std::move(r));
          },
          py::arg("password") = py::none())
      .def("__repr__", [](const wallet::Keyfile& k) { return "<Keyfile " + k.path().string() + ">"; });

  py::class_<wallet::Wallet>(
      w, "Wallet", "A Bittensor wallet directory <path>/<name>/{coldkey,coldkeypub.txt,hotkeys/<hotkey>}.")
      .def(py::init([](const std::string& name, const std::string& hotkey, std::optional<std::string> path) {
             no_nul(name, "wallet name");
             no_nul(hotkey, "hotkey name");
             if (path) no_nul(*path, "path");
             std::optional<std::filesystem::path> root;
             if (path) {
               std::string p = *path;
               if (p.rfind("~/", 0) == 0 || p == "~") {
                 const char* home = std::getenv("HOME");
                 p = std::string(home ? home : "") + p.substr(1);
               }
               root = p;
             }
             return wallet::Wallet(name, hotkey, root);
           }),
           py::arg("name") = "default", py::arg("hotkey") = "default", py::arg("path") = py::none())
      .def_property_readonly("name", &wallet::Wallet::name)
      .def_property_readonly("hotkey_str", &wallet::Wallet::hotkey_name)
      .def_property_readonly("path", [](const wallet::Wallet& w) { return w.root().string(); })
      .def_property_readonly("coldkey_file", &wallet::Wallet::coldkey_file)
      .def_property_readonly("coldkeypub_file", &wallet::Wallet::coldkeypub_file)
      .def_property_readonly("hotkey_file", &wallet::Wallet::hotkey_file)
      .def_property_readonly("hotkeypub_file", &wallet::Wallet::hotkeypub_file)
      .def(
          "create_new_coldkey",
          [](wallet::Wallet& w, std::size_t n_words, bool use_password, bool overwrite,
             std::optional<std::string> pw) {
            auto o = key_options(n_words, use_password, overwrite, std::move(pw));
            Result<std::string> r = [&] {
              py::gil_scoped_release nogil;
              return w.create_new_coldkey(o);
            }();
            return bt::py::unwrap(std::move(r));
          },
          py::arg("n_words") = 12, py::arg("use_password") = true, py::arg("overwrite") = false,
          py::arg("password") = py::none(), "Creates coldkey + coldkeypub.txt; returns the mnemonic.")
      .def(
          "create_new_hotkey",
          [](wallet::Wallet& w, std::size_t n_words, bool use_password, bool overwrite,
             std::optional<std::string> pw) {
            auto o = key_options(n_words, use_password, overwrite, std::move(pw));
            Result<std::string> r = [&] {
              py::gil_scoped_release nogil;
              return w.create_new_hotkey(o);
            }();
            return bt::py::unwrap(std::move(r));
          },
          py::arg("n_words") = 12, py::arg("use_password") = false, py::arg("overwrite") = false,
          py::arg("password") = py::none(), "Creates the hotkey + its pub file; returns the mnemonic.")
      .def("regenerate_coldkey", regenerate_key(&wallet::Wallet::set_coldkey),
           py::arg("mnemonic") = py::none(), py::arg("seed") = py::none(), py::arg("use_password") = true,
           py::arg("overwrite") = false, py::arg("password") = py::none())
      .def("regenerate_hotkey", regenerate_key(&wallet::Wallet::set_hotkey), py::arg("mnemonic") = py::none(),
           py::arg("seed") = py::none(), py::arg("use_password") = false, py::arg("overwrite") = false,
           py::arg("password") = py::none())
      .def(
          "regenerate_coldkeypub",
          [](wallet::Wallet& w, std::optional<std::string> ss58_address, py::object public_key,
             bool overwrite) {
            crypto::AccountId32 id;
            if (ss58_address)
              id = bt::py::unwrap(crypto::ss58_decode_account(*ss58_address));
            else if (!public_key.is_none())
              id = bt::py::tagged_arg<crypto::AccountId32>(public_key, "public_key");
            else
              throw py::value_error("ss58_address or public_key is required");
            bt::py::unwrap(w.regenerate_coldkeypub(id, overwrite));
          },
          py::arg("ss58_address") = py::none(), py::arg("public_key") = py::none(),
          py::arg("overwrite") = false)
      .def(
          "unlock_coldkey",
          [](wallet::Wallet& w, std::optional<std::string> password, py::object callback) {
            auto src = password_source(std::move(password), callback);
            Result<std::reference_wrapper<const wallet::KeyMaterial>> r = [&] {
              py::gil_scoped_release nogil;
              return w.unlock_coldkey(src);
            }();
            return PyKeypair::of(bt::py::unwrap(std::move(r)).get());
          },
          py::arg("password") = py::none(), py::arg("password_callback") = py::none(),
          "Decrypts the coldkey once (Argon2, 512 MiB) and caches it in this Wallet.")
      .def(
          "get_coldkey",
          [](wallet::Wallet& w, std::optional<std::string> password) {
            auto src = password_source(std::move(password), py::none());
            Result<std::reference_wrapper<const wallet::KeyMaterial>> r = [&] {
              py::gil_scoped_release nogil;
              return w.unlock_coldkey(src);
            }();
            return PyKeypair::of(bt::py::unwrap(std::move(r)).get());
          },
          py::arg("password") = py::none())
      .def(
          "unlock_hotkey",
          [](wallet::Wallet& w, std::optional<std::string> password) {
            auto src = password_source(std::move(password), py::none());
            return PyKeypair::of(bt::py::unwrap(w.unlock_hotkey(src)).get());
          },
          py::arg("password") = py::none())
      .def_property_readonly(
          "coldkey",
          [](wallet::Wallet& w) {
            Result<std::reference_wrapper<const wallet::KeyMaterial>> r = [&] {
              py::gil_scoped_release nogil;
              return w.unlock_coldkey();
            }();
            return PyKeypair::of(bt::py::unwrap(std::move(r)).get());
          },
          "The coldkey: cached after unlock_coldkey(), else unlocked with the BT_PW_ environment password.")
      .def_property_readonly(
          "hotkey", [](wallet::Wallet& w) { return PyKeypair::of(bt::py::unwrap(w.unlock_hotkey()).get()); })
      .def_property_readonly(
          "coldkeypub", [](const wallet::Wallet& w) { return PyKeypair::of(bt::py::unwrap(w.coldkeypub())); })
      .def_property_readonly(
          "hotkeypub", [](const wallet::Wallet& w) { return PyKeypair::of(bt::py::unwrap(w.hotkeypub())); })
      .def_property_readonly("coldkey_unlocked", &wallet::Wallet::coldkey_unlocked)
      .def("lock", &wallet::Wallet::lock, "Forgets the cached private keys.")
      .def("__repr__", [](const wallet::Wallet& w) {
        return "Wallet (Name: '" + w.name() + "', Hotkey: '" + w.hotkey_name() + "', Path: '" +
               w.root().string() + "')";
      });
}

namespace bt::py {
const bt::crypto::Keypair& keypair_of(pybind11::handle obj) {
  if (!pybind11::isinstance<PyKeypair>(obj))
    throw pybind11::type_error("expected a bittensor_cpp.wallet.Keypair, not " +
                               std::string(pybind11::str(obj.get_type().attr("__name__"))));
  const PyKeypair& k = obj.cast<const PyKeypair&>();
  if (!k.pair) bt::py::raise(bt::Error(bt::wallet::KeyfileError::no_private_key, "public-only Keypair"));
  return *k.pair;
}
}  // namespace bt::py
