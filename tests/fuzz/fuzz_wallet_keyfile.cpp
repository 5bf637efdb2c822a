// SPDX-License-Identifier: MIT
// Fuzzes keyfile parsing, polkadot-js account JSON import and $NACL decryption with a fixed test password and
// the cheap test KDF hook: typed bt.wallet errors only. Inputs starting with 'P' are encrypted first (with
// the fixed key) so the JSON parser behind a successful decryption is reached too.
#include <bt/wallet/keyfile.hpp>
#include <bt/wallet/polkadot_json.hpp>
#include <cstdlib>
#include <cstring>

using namespace bt;
using namespace bt::wallet;

namespace {
const SecretBytes<32>& fixed_key() {
  static const SecretBytes<32> key = [] {
    testing::override_kdf_params_for_tests(KdfParams{3, 1 << 16});
    return derive_nacl_key("fuzz password").value();
  }();
  return key;
}

void check_category(const Error& e) {
  const char* m = e.module();
  if (std::strcmp(m, "bt.wallet") != 0 && std::strcmp(m, "bt.crypto") != 0) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const SecretBytes<32>& key = fixed_key();
  ByteView in(data, size);
  if (auto k = deserialize_keyfile_data(in); !k) {
    check_category(k.error());
  } else {
    // A raw NUL byte is never valid JSON: "{...}\0junk" must not parse (issue 14 finding 15).
    if (std::memchr(data, 0, size) != nullptr) std::abort();
    // A parsed key serialises and parses back to the same public key.
    std::string again = serialize_keyfile_data(*k);
    auto k2 = deserialize_keyfile_data(as_bytes(again));
    if (!k2 || k2->public_key() != k->public_key()) std::abort();
  }
  auto d = decrypt_nacl_with_key(in, key);
  if (!d) check_category(d.error());
  if (size > 0 && data[0] == 'P') {
    auto enc = encrypt_nacl_with_key(in.subspan(1), key).value();
    auto dec = decrypt_nacl_with_key(enc, key);
    if (!dec || dec->size() != size - 1 || (size > 1 && std::memcmp(dec->data(), data + 1, size - 1) != 0))
      std::abort();
    if (auto k = deserialize_keyfile_data(dec->view()); !k) check_category(k.error());
  }
  if (auto pj =
          import_polkadot_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz password");
      !pj)
    check_category(pj.error());
  // The password path (runs the cheap KDF) only for well-framed $NACL inputs.
  if (size >= 45 && std::memcmp(data, "$NACL", 5) == 0) {
    auto p = decrypt_nacl(in, "fuzz password");
    if (!p) check_category(p.error());
  }
  return 0;
}
