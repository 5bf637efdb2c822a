// SPDX-License-Identifier: MIT
// polkadot-js encrypted account JSON ("keystore" files exported by polkadot.js apps/extension,
// @polkadot/keyring pair.toJson(password)), import and export, for sr25519, ed25519 and ecdsa.
//
// Format (generation 3): {"encoded": base64(...), "encoding": {"content": ["pkcs8", "<type>"],
// "type": ["scrypt", "xsalsa20-poly1305"], "version": "3"}, "address": ..., "meta": {...}}
// encoded = salt(32) ++ N(u32 LE) ++ p(u32 LE) ++ r(u32 LE) ++ nonce(24) ++ secretbox(body),
// key = first 32 bytes of scrypt(password, salt, N, r, p); body = PKCS8 header(16) ++ secret ++
// divider(5) ++ public key, where secret is 64 bytes (sr25519: schnorrkel ed25519 form key*8 || nonce;
// ed25519: seed || public) or a 32-byte seed (ecdsa, older generations). Only the scrypt parameter
// sets polkadot-js accepts are accepted (at most N = 2^17, 128 MiB). Encoding type ["none"] (no
// password) is supported for import. Older formats without scrypt use the UTF-8 password zero-padded
// to 32 bytes as the key, as polkadot-js does.
#pragma once

#include <bt/crypto/keypair.hpp>
#include <bt/result.hpp>
#include <string>
#include <string_view>

namespace bt::wallet {

// Decrypts and decodes an account JSON. The scheme comes from encoding.content[1]. The derived public
// key must equal the stored one. Errors (bt.wallet): not_json, missing_fields, unsupported_format
// (unknown encoding/type, scrypt parameters outside polkadot-js's allow-list), truncated,
// wrong_password, invalid_key_data, password_required.
Result<crypto::Keypair> import_polkadot_json(std::string_view json, std::string_view password);

// Exports a key pair as polkadot-js account JSON encrypted with `password` (scrypt N=2^15, r=8, p=1,
// one of polkadot-js's accepted parameter sets; `name` goes to meta.name). polkadot-js
// keyring.addFromJson() + unlock(password) reads it back. sr25519 keys made from a 64-byte secret and
// all others export alike.
Result<std::string> export_polkadot_json(const crypto::Keypair& keypair, std::string_view password,
                                         std::string_view name = {});

}  // namespace bt::wallet
