// SPDX-License-Identifier: MIT
// Cross-check of bittensor-cpp sr25519 and hashes against polkadot-js. Driven by
// tests/crypto/sr25519_interop_test.cpp:  node sr25519.js <request.json>  -> response JSON on stdout.
//
// Two independent references are used:
//   * @polkadot/util-crypto (sr25519 via @scure/sr25519, pure JavaScript)
//   * @polkadot/wasm-crypto (w3f/schnorrkel compiled to WebAssembly)
// For every case the C++ side sends its seed, message, chain codes, public keys and signatures; this
// script verifies the C++ signatures with both references and returns what the references compute,
// plus signatures they made, which the C++ side then verifies.
'use strict';

const fs = require('fs');
const { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify, sr25519DeriveHard,
        sr25519DeriveSoft, sr25519DerivePublic } = require('@polkadot/util-crypto');
const { u8aToHex, hexToU8a } = require('@polkadot/util');
const wasm = require('@polkadot/wasm-crypto');

// @scure/sr25519 throws on malformed signatures (e.g. missing schnorrkel marker): that is a "false".
const jsVerify = (msg, sig, pub) => {
  try {
    return sr25519Verify(msg, sig, pub);
  } catch (e) {
    return false;
  }
};
const hex = (u8) => u8aToHex(u8).slice(2);
const bin = (h) => hexToU8a('0x' + h);

async function main() {
  await cryptoWaitReady();
  await wasm.waitReady();
  const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = { cases: [], hashes: [] };
  for (const c of req.cases) {
    const seed = bin(c.seed);
    const msg = bin(c.msg);
    const ccHard = bin(c.cc_hard);
    const ccSoft = bin(c.cc_soft);
    const r = {};

    // util-crypto (@scure/sr25519)
    const pair = sr25519PairFromSeed(seed);
    r.js_public = hex(pair.publicKey);
    r.js_secret = hex(pair.secretKey);  // 64 bytes, ed25519 form (key*8 || nonce)
    r.js_verifies_cpp_sig = jsVerify(msg, bin(c.cpp_sig), bin(c.cpp_public));
    r.js_sig = hex(sr25519Sign(msg, pair));
    const hard = sr25519DeriveHard(pair, ccHard);
    r.js_hard_public = hex(hard.publicKey);
    r.js_hard_secret = hex(hard.secretKey);
    r.js_verifies_cpp_hard_sig = jsVerify(msg, bin(c.cpp_hard_sig), bin(c.cpp_hard_public));
    const soft = sr25519DeriveSoft(pair, ccSoft);
    r.js_soft_public = hex(soft.publicKey);
    r.js_soft_public_only = hex(sr25519DerivePublic(pair.publicKey, ccSoft));
    r.js_verifies_cpp_soft_sig = jsVerify(msg, bin(c.cpp_soft_sig), bin(c.cpp_soft_public));
    r.js_soft_sig = hex(sr25519Sign(msg, soft));

    // wasm-crypto (schnorrkel)
    const kp = wasm.sr25519KeypairFromSeed(seed);  // secret(64, ed25519 form) || public(32)
    r.wasm_public = hex(kp.slice(64));
    r.wasm_secret = hex(kp.slice(0, 64));
    r.wasm_verifies_cpp_sig = wasm.sr25519Verify(bin(c.cpp_sig), msg, bin(c.cpp_public));
    r.wasm_sig = hex(wasm.sr25519Sign(kp.slice(64), kp.slice(0, 64), msg));
    const whard = wasm.sr25519DeriveKeypairHard(kp, ccHard);
    r.wasm_hard_public = hex(whard.slice(64));
    r.wasm_verifies_cpp_hard_sig = wasm.sr25519Verify(bin(c.cpp_hard_sig), msg, bin(c.cpp_hard_public));
    const wsoft = wasm.sr25519DeriveKeypairSoft(kp, ccSoft);
    r.wasm_soft_public = hex(wsoft.slice(64));
    r.wasm_soft_public_only = hex(wasm.sr25519DerivePublicSoft(kp.slice(64), ccSoft));
    r.wasm_verifies_cpp_soft_sig = wasm.sr25519Verify(bin(c.cpp_soft_sig), msg, bin(c.cpp_soft_public));
    // Tampered C++ signature must fail in both references.
    const bad = bin(c.cpp_sig);
    bad[5] ^= 1;
    r.js_rejects_tampered = !jsVerify(msg, bad, bin(c.cpp_public));
    r.wasm_rejects_tampered = !wasm.sr25519Verify(bad, msg, bin(c.cpp_public));
    out.cases.push(r);
  }
  for (const h of req.hashes || []) {
    const d = bin(h.data);
    out.hashes.push({
      keccak256: hex(wasm.keccak256(d)),
      twox128: hex(wasm.twox(d, 2)),
      twox256: hex(wasm.twox(d, 4)),
      blake2b256: hex(wasm.blake2b(d, new Uint8Array(), 32)),
      blake2b128_keyed: hex(wasm.blake2b(d, bin(h.key), 16)),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
