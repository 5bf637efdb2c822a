#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Helper for localnet.sh (plain Node, no dependencies):
//   patch  <in.json> <out.json> [timestampMs]  write a copy of a raw chain spec with Timestamp.Now fixed
//                                              (chopsticks otherwise reads the clock twice and ~1 start in 5
//                                              dies at block #1 with "Timestamp slot must match CurrentSlot"),
//                                              genesis keys sorted and boot nodes dropped.
//   ping   <port>                             exit 0 when a JSON-RPC chain_getHeader on 127.0.0.1:<port> answers.
//   setup  <port>                             make //Alice the sudo key and fund //Alice..//Ferdie (1e6 TAO each)
//                                              through chopsticks' dev_setStorage, then build one block.
'use strict';
const fs = require('fs');
const http = require('http');

// twox128("Timestamp") ++ twox128("Now"): the storage key of pallet_timestamp::Now.
const TIMESTAMP_NOW_KEY = '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb';
// SS58 (prefix 42) addresses of the sr25519 dev keys //Alice .. //Ferdie.
const DEV_ACCOUNTS = {
  Alice: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  Bob: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  Charlie: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y',
  Dave: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
  Eve: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
  Ferdie: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
};

function u64le(n) {
  let v = BigInt(n);
  let hex = '0x';
  for (let i = 0; i < 8; i++) {
    hex += (v & 0xffn).toString(16).padStart(2, '0');
    v >>= 8n;
  }
  return hex;
}

function rpc(port, method, params, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', timeout: timeoutMs,
                               headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          const j = JSON.parse(body);
          if (j.error) reject(new Error(`${method}: ${JSON.stringify(j.error)}`));
          else resolve(j.result);
        } catch (e) {
          reject(new Error(`${method}: bad reply ${body.slice(0, 200)}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method}: timeout`)));
    req.on('error', reject);
    req.end(JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }));
  });
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'patch') {
    const [inp, out, ts] = args;
    const spec = JSON.parse(fs.readFileSync(inp, 'utf8'));
    const top = spec.genesis.raw.top;
    top[TIMESTAMP_NOW_KEY] = u64le(ts || '1700000000000');
    spec.genesis.raw.top = Object.fromEntries(Object.keys(top).sort().map((k) => [k, top[k]]));
    spec.bootNodes = [];
    fs.writeFileSync(out, JSON.stringify(spec));
  } else if (cmd === 'ping') {
    const h = await rpc(+args[0], 'chain_getHeader', [], 2000);
    if (!h || typeof h.number !== 'string') process.exit(1);
  } else if (cmd === 'setup') {
    const port = +args[0];
    const free = (1000000n * 1000000000n).toString();  // 1e6 TAO in rao
    await rpc(port, 'dev_setStorage', [{
      System: { Account: Object.values(DEV_ACCOUNTS).map((a) => [[a], { providers: 1, data: { free } }]) },
      Sudo: { Key: DEV_ACCOUNTS.Alice },
    }]);
    await rpc(port, 'dev_newBlock', [{ count: 1 }], 120000);
    const h = await rpc(port, 'chain_getHeader', []);
    console.log(`setup done: sudo=//Alice, funded ${Object.keys(DEV_ACCOUNTS).join(',')}, head #${parseInt(h.number, 16)}`);
  } else {
    console.error('usage: localnet-helper.js patch|ping|setup ...');
    process.exit(2);
  }
}

main().catch((e) => {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
});
