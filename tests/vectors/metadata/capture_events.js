// SPDX-License-Identifier: MIT
// Captures real System.Events from a local chain after `setup.js` (shared/tools/localnet), plus one
// extrinsic that fails with a module error, and polkadot-js's decoding of each block's events.
//   WS=ws://127.0.0.1:PORT NODE_PATH=<localnet node_modules> node capture_events.js > raonet_events.json
'use strict';
const { ApiPromise, WsProvider } = require('@polkadot/api');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady, xxhashAsHex } = require('@polkadot/util-crypto');
console.warn = () => {};
(async () => {
  await cryptoWaitReady();
  const provider = new WsProvider(process.env.WS);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  // A call that fails in dispatch with a module error: weights on a subnet that does not exist.
  const tx = api.tx.subtensorModule.setWeights(999, [0], [65535], 0);
  await tx.signAsync(alice, { nonce: -1 });
  await api.rpc.author.submitExtrinsic(tx);
  await provider.send('dev_newBlock', [{ count: 1 }]);
  const key = xxhashAsHex('System', 128) + xxhashAsHex('Events', 128).slice(2);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const out = { runtime: (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), blocks: [] };
  for (let n = 1; n <= head; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const raw = await provider.send('state_getStorage', [key, hash.toHex()]);
    if (!raw) continue;
    const events = (await api.at(hash)).query.system.events;
    const decoded = await events();
    out.blocks.push({
      number: n,
      events: raw,
      polkadotjs: decoded.map((r) => {
        const e = { phase: r.phase.type, section: r.event.section, method: r.event.method, fields: r.event.data.length };
        if (r.event.section === 'system' && r.event.method === 'ExtrinsicFailed') {
          const de = r.event.data[0];
          if (de.isModule) {
            const m = api.registry.findMetaError(de.asModule);
            e.module_error = `${m.section}.${m.name}`;
          } else {
            e.dispatch_error = de.type;
          }
        }
        return e;
      }),
    });
  }
  console.log(JSON.stringify(out));
  await api.disconnect();
})().catch((e) => { console.error(e); process.exit(1); });
