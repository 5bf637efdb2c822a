// SPDX-License-Identifier: MIT
// Cross-check of bittensor-cpp keys (secret URIs, mnemonics, ed25519, ecdsa, sr25519 derivation) and
// SS58 against polkadot-js. Driven by tests/crypto/keys_interop_test.cpp:
//   node keys.js <request.json>  -> response JSON on stdout.
// For each URI the C++ side sends its public keys, addresses and (ed25519/ecdsa) signatures; this
// script derives the same URIs with @polkadot/keyring, verifies the C++ signatures, signs the same
// message (C++ verifies those), and encodes/decodes the SS58 cases. It also generates mnemonics of
// its own, whose keys the C++ side then derives.
'use strict';

const fs = require('fs');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady, ed25519Verify, secp256k1Verify, encodeAddress, decodeAddress, mnemonicGenerate,
        mnemonicValidate } = require('@polkadot/util-crypto');
const { u8aToHex, hexToU8a } = require('@polkadot/util');

const hex = (u8) => u8aToHex(u8).slice(2);
const bin = (h) => hexToU8a('0x' + h);
const SCHEMES = ['sr25519', 'ed25519', 'ecdsa'];
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
// Substrate uses the development phrase whenever a URI has none; Keyring.addFromUri only does so for
// URIs starting with "//", so spell it out for "/soft" and "///password" URIs.
const withPhrase = (uri) => (uri.startsWith('/') ? DEV_PHRASE + uri : uri);

function describe(pair) {
  return { public: hex(pair.publicKey), address: pair.address };
}

async function main() {
  await cryptoWaitReady();
  const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const rings = {};
  for (const s of SCHEMES) rings[s] = new Keyring({ type: s, ss58Format: 42 });

  const out = { uris: [], ss58: [], generated: [], mnemonic_checks: [] };
  for (const c of req.uris || []) {
    const msg = bin(c.msg);
    const r = {};
    for (const s of SCHEMES) {
      if (!c.cpp[s]) continue;
      let pair;
      try {
        pair = rings[s].addFromUri(withPhrase(c.uri));
      } catch (e) {
        r[s] = { error: String(e.message || e) };
        continue;
      }
      const d = describe(pair);
      const cpp = c.cpp[s];
      if (s === 'ed25519') {
        d.verifies_cpp_sig = ed25519Verify(msg, bin(cpp.sig), bin(cpp.public));
        const bad = bin(cpp.sig);
        bad[7] ^= 1;
        d.rejects_tampered = !ed25519Verify(msg, bad, bin(cpp.public));
        d.sig = hex(pair.sign(msg));
      } else if (s === 'ecdsa') {
        d.verifies_cpp_sig = secp256k1Verify(msg, bin(cpp.sig), bin(cpp.public), 'blake2');
        const bad = bin(cpp.sig);
        bad[7] ^= 1;
        let rejected = true;
        try {
          rejected = !secp256k1Verify(msg, bad, bin(cpp.public), 'blake2');
        } catch (e) {
          rejected = true;
        }
        d.rejects_tampered = rejected;
        d.sig = hex(pair.sign(msg));
      } else {
        d.sig = hex(pair.sign(msg));
        d.verifies_cpp_sig = pair.verify(msg, bin(cpp.sig), pair.publicKey);
      }
      r[s] = d;
    }
    out.uris.push(r);
  }
  for (const c of req.ss58 || []) {
    const r = {};
    r.address = encodeAddress(bin(c.payload), c.prefix);
    try {
      r.decoded_cpp = hex(decodeAddress(c.cpp_address, false, c.prefix));
    } catch (e) {
      r.decoded_cpp = 'error: ' + String(e.message || e);
    }
    out.ss58.push(r);
  }
  for (let i = 0; i < (req.generate || 0); ++i) {
    const words = [12, 15, 18, 21, 24][i % 5];
    const mnemonic = mnemonicGenerate(words);
    const g = { mnemonic };
    for (const s of SCHEMES) g[s] = describe(rings[s].addFromUri(mnemonic + '//bt//' + i));
    out.generated.push(g);
  }
  for (const m of req.mnemonic_checks || []) out.mnemonic_checks.push(mnemonicValidate(m));
  // Encrypted account JSON: polkadot-js exports (C++ imports them) and imports C++ exports.
  out.json_exports = [];
  for (const e of req.json_exports || []) {
    const pair = rings[e.scheme].addFromUri(withPhrase(e.uri));
    out.json_exports.push({ json: JSON.stringify(pair.toJson(e.password)), public: hex(pair.publicKey) });
  }
  out.json_imports = [];
  for (const e of req.json_imports || []) {
    try {
      const pair = rings[e.scheme].addFromJson(JSON.parse(e.json));
      pair.unlock(e.password);
      const msg = new Uint8Array([1, 2, 3]);
      out.json_imports.push({ public: hex(pair.publicKey), sig: hex(pair.sign(msg)) });
    } catch (err) {
      out.json_imports.push({ error: String(err.message || err) });
    }
  }
  // Exit only once the (large) output is flushed: process.exit() right after write() truncates
  // piped output at 64 KiB.
  await new Promise((resolve) => process.stdout.write(JSON.stringify(out), resolve));
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(String(e.stack || e) + '\n');
  process.exit(1);
});
