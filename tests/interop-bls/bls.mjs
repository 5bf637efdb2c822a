// SPDX-License-Identifier: MIT
// @noble/curves side of the BLS12-381 cross-check (tests/crypto/bls12_381_interop_test.cpp).
// usage: node bls.mjs REQUEST.json  -> prints one JSON object with noble's answers.
//
// The request carries values computed by bittensor-cpp; noble recomputes them independently
// (points k*G, encodings, decoding of our points, pairings as arkworks Fq12 bytes, RFC 9380
// hash-to-G1, signature verification). It also draws its own random cases ("random") for the
// C++ side to recompute, so each library checks the other.
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const req = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const Fr = bls.fields.Fr;
const G1 = bls.G1.Point;
const G2 = bls.G2.Point;
const S = bls.shortSignatures;

// arkworks 0.4 Fq12 layout: 12 base-field coefficients, 48 bytes little-endian each,
// c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1
function gtBytes(f) {
  const parts = [];
  for (const c6 of [f.c0, f.c1])
    for (const c2 of [c6.c0, c6.c1, c6.c2])
      for (const x of [c2.c0, c2.c1])
        parts.push(Buffer.from(x.toString(16).padStart(96, '0'), 'hex').reverse().toString('hex'));
  return parts.join('');
}
const scalarOf = (h) => BigInt('0x' + h) % Fr.ORDER;
const mulG = (P, k) => (k === 0n ? P.ZERO : P.BASE.multiply(k));
const tryDecode = (P, h) => {
  try {
    const p = P.fromBytes(unhex(h));
    p.assertValidity();
    return { ok: true, uncompressed: hex(p.toBytes(false)), compressed: hex(p.toBytes(true)) };
  } catch (e) {
    return { ok: false };
  }
};

const out = {};
out.scalars = (req.scalars || []).map((h) => {
  const k = scalarOf(h);
  const p1 = mulG(G1, k), p2 = mulG(G2, k);
  return { g1c: hex(p1.toBytes(true)), g1u: hex(p1.toBytes(false)), g2c: hex(p2.toBytes(true)), g2u: hex(p2.toBytes(false)) };
});
out.decode_g1 = (req.decode_g1 || []).map((h) => tryDecode(G1, h));
out.decode_g2 = (req.decode_g2 || []).map((h) => tryDecode(G2, h));
out.pairings = (req.pairings || []).map(({ g1, g2 }) => gtBytes(bls.pairing(G1.fromBytes(unhex(g1)), G2.fromBytes(unhex(g2)))));
out.h2c = (req.h2c || []).map(({ msg, dst }) => hex(bls.G1.hashToCurve(unhex(msg), { DST: dst }).toBytes(true)));
out.verify = (req.verify || []).map(({ pk, msg, sig, dst }) => {
  try {
    return S.verify(G1.fromBytes(unhex(sig)), S.hash(unhex(msg), dst), G2.fromBytes(unhex(pk)));
  } catch (e) {
    return false;
  }
});
// noble's own random cases for the C++ side
out.random = [];
for (let i = 0; i < (req.random || 0); i++) {
  const a = Fr.create(BigInt('0x' + hex(randomBytes(48))));
  const b = Fr.create(BigInt('0x' + hex(randomBytes(48))));
  const p1 = mulG(G1, a), p2 = mulG(G2, b);
  const msg = randomBytes(1 + (i % 70));
  const dst = req.dst;
  const hm = S.hash(msg, dst);
  const skBytes = unhex(a.toString(16).padStart(64, '0'));
  out.random.push({
    a: a.toString(16).padStart(64, '0'),
    b: b.toString(16).padStart(64, '0'),
    g1c: hex(p1.toBytes(true)), g1u: hex(p1.toBytes(false)),
    g2c: hex(p2.toBytes(true)), g2u: hex(p2.toBytes(false)),
    gt: gtBytes(bls.pairing(p1, p2)),
    msg: hex(msg), h2c: hex(hm.toBytes(true)),
    pk: hex(S.getPublicKey(skBytes).toBytes(true)), sig: hex(S.sign(hm, skBytes).toBytes(true)),
  });
}
console.log(JSON.stringify(out));
