// SPDX-License-Identifier: MIT
// @noble/curves timings for benchmarks/bench_subtensor_bls.cpp (same operations, same inputs, same run).
// usage: node bench.mjs REQUEST.json -> JSON {name: microseconds per op, ..., commit_hex}
// The "commit" is tle's encryption rebuilt from noble + node:crypto (as the tlock vectors' JS check
// does), from the given esk/t/nonce, so the C++ side can also compare the bytes.
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { readFileSync } from 'node:fs';
import { createHash, createCipheriv } from 'node:crypto';

const req = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const unhex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const sha256 = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const Fr = bls.fields.Fr;
const G1 = bls.G1.Point, G2 = bls.G2.Point;
const gtBytes = (f) => {
  const parts = [];
  for (const c6 of [f.c0, f.c1]) for (const c2 of [c6.c0, c6.c1, c6.c2]) for (const x of [c2.c0, c2.c1])
    parts.push(Buffer.from(x.toString(16).padStart(96, '0'), 'hex').reverse());
  return Buffer.concat(parts);
};
const u64le = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const vec = (b) => Buffer.concat([u64le(b.length), b]);
const roundMsg = (r) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(r)); return sha256(b); };

function commit(pkHex, round, payload, esk, tle, nonce) {
  const pk = G2.fromBytes(unhex(pkHex));
  const sigma = sha256(tle);
  const r = BigInt('0x' + sha256(sigma, esk).toString('hex')) % Fr.ORDER;
  const U = G2.BASE.multiply(r);
  const q = bls.G1.hashToCurve(roundMsg(round), { DST });
  const h = sha256(gtBytes(bls.pairing(q, pk.multiply(r))));
  const V = Buffer.from(sigma.map((x, i) => x ^ h[i]));
  const hs = sha256(sigma);
  const W = Buffer.from(esk.map((x, i) => x ^ hs[i]));
  const c = createCipheriv('aes-256-gcm', esk, nonce);
  const ct = Buffer.concat([c.update(payload), c.final(), c.getAuthTag()]);
  const body = Buffer.concat([vec(ct), vec(nonce)]);
  return Buffer.concat([Buffer.from(U.toBytes(true)), vec(V), vec(W), vec(body), vec(Buffer.from('AES_GCM_'))]);
}

// [wall, cpu] microseconds per op; cpu = process.cpuUsage() (user + system of all of node's threads).
function time(fn, minMs = 300) {
  fn();  // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let t;
  do { fn(); n++; t = process.hrtime.bigint(); } while (Number(t - t0) / 1e6 < minMs);
  const c = process.cpuUsage(c0);
  return [Number(t - t0) / 1e3 / n, (c.user + c.system) / n];
}

const p = G1.BASE.multiply(123456789n), q = G2.BASE.multiply(987654321n);
const k = BigInt('0x' + req.scalar_be) % Fr.ORDER;
const sig = G1.fromBytes(unhex(req.signature)), pk = G2.fromBytes(unhex(req.public_key));
const payload = unhex(req.payload_hex), esk = unhex(req.esk), tle = unhex(req.t_le), nonce = unhex(req.nonce);
const out = {};
out.pairing_us = time(() => bls.pairing(p, q));
out.hash_to_g1_us = time(() => bls.G1.hashToCurve(roundMsg(1000), { DST }));
out.g2_mul_us = time(() => G2.BASE.multiply(k));
out.verify_beacon_us = time(() => bls.shortSignatures.verify(sig, bls.shortSignatures.hash(roundMsg(req.round), DST), pk));
out.commit_256_us = time(() => commit(req.commit_public_key, req.commit_round, payload, esk, tle, nonce));
out.commit_hex = commit(req.commit_public_key, req.commit_round, payload, esk, tle, nonce).toString('hex');
console.log(JSON.stringify(out));
