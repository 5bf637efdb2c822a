// SPDX-License-Identifier: MIT
// Signs extrinsics with polkadot-js for bittensor-cpp's interop test (tests/extrinsic/interop_test.cpp).
//   node sign.js cases.json > out.json
// cases.json: [{"metadata": "<path to raw metadata blob>", "call": "0x..", "seed": "0x<32 bytes>",
//               "nonce": n, "tip": "decimal", "period": p (0 = immortal), "current": block number,
//               "blockHash": "0x..", "genesisHash": "0x..", "specVersion": n, "transactionVersion": n}]
// Output: [{"extrinsic": "0x..", "payload": "0x.."}] (ed25519 keys: deterministic signatures).
'use strict';
const fs = require('fs');
const { TypeRegistry, Metadata } = require('@polkadot/types');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady } = require('@polkadot/util-crypto');
const { hexToU8a, u8aToHex } = require('@polkadot/util');

async function main() {
  await cryptoWaitReady();
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const registries = new Map();
  const out = [];
  for (const c of cases) {
    let reg = registries.get(c.metadata);
    if (!reg) {
      reg = new TypeRegistry();
      const md = new Metadata(reg, new Uint8Array(fs.readFileSync(c.metadata)));
      reg.setMetadata(md);
      registries.set(c.metadata, reg);
    }
    const pair = new Keyring({ type: 'ed25519' }).addFromSeed(hexToU8a(c.seed));
    const call = reg.createType('Call', c.call);
    const xt = reg.createType('Extrinsic', call);
    const era = c.period === 0 ? reg.createType('ExtrinsicEra', '0x00')
                               : reg.createType('ExtrinsicEra', { current: c.current, period: c.period });
    const opts = {
      blockHash: c.period === 0 ? c.genesisHash : c.blockHash,
      era,
      genesisHash: c.genesisHash,
      nonce: c.nonce,
      tip: BigInt(c.tip),
      runtimeVersion: { specVersion: c.specVersion, transactionVersion: c.transactionVersion },
      signedExtensions: reg.signedExtensions,
      version: 4,
    };
    const payload = reg.createType('ExtrinsicPayload', { ...opts, method: call.toHex(),
      specVersion: c.specVersion, transactionVersion: c.transactionVersion }, { version: 4 });
    xt.sign(pair, opts);
    out.push({ extrinsic: xt.toHex(), payload: u8aToHex(payload.toU8a({ method: true })) });
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
