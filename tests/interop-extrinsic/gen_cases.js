// SPDX-License-Identifier: MIT
// Writes the signing cases of tests/vectors/extrinsic/polkadotjs_signed.json (calls encoded by polkadot-js).
//   node gen_cases.js > cases.json   (paths relative to the repository root)
'use strict';
const fs = require('fs');
const { TypeRegistry, Metadata } = require('@polkadot/types');

const blobs = ['tests/vectors/metadata/raonet_v14.scale', 'tests/vectors/metadata/spec143_v14.scale'];
const bob = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
const cases = [];
for (const path of blobs) {
  const reg = new TypeRegistry();
  const md = new Metadata(reg, new Uint8Array(fs.readFileSync(path)));
  reg.setMetadata(md);
  const mk = (s, m, args) => {
    const fn = md.asLatest.pallets.find((p) => p.name.toString() === s);
    const t = reg.lookup.getSiType(fn.calls.unwrap().type);
    const v = t.def.asVariant.variants.find((x) => x.name.toString() === m);
    const call = reg.createType('Call', { callIndex: [fn.index.toNumber(), v.index.toNumber()], args });
    return call.toHex();
  };
  const calls = [mk('Balances', 'transfer_keep_alive', { dest: { Id: bob }, value: 1000000000 }),
                 mk('System', 'remark', { remark: '0x' + 'ab'.repeat(300) })];
  if (path.includes('raonet')) calls.push(mk('SubtensorModule', 'set_weights', { netuid: 1, dests: [0, 1, 2], weights: [65535, 32768, 1], version_key: 0 }));
  let i = 0;
  for (const call of calls) {
    for (const [period, current] of [[64, 1000], [0, 0], [4096, 123456], [65536, 1000001]]) {
      i++;
      cases.push({ metadata: path, call, seed: '0x' + (0x40 + (i % 16)).toString(16).repeat(32),
        nonce: i * 37, tip: String(i % 3 === 0 ? 0 : i * 1000), period, current,
        blockHash: '0x' + '22'.repeat(31) + i.toString(16).padStart(2, '0'), genesisHash: '0x' + '11'.repeat(32),
        specVersion: path.includes('raonet') ? 218 : 143, transactionVersion: 1 });
    }
  }
}
process.stdout.write(JSON.stringify(cases, null, 1) + '\n');
