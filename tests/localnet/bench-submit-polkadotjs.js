#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Reference for benchmarks/bench_subtensor_submit.cpp: polkadot-js (@polkadot/api, pinned in package.json)
// signing and submitting Balances.transfer_keep_alive from one key, the way a polkadot-js user does it, with
// the default mortal era (signAndSend reads the best and finalized headers for it before every signature).
// Nonces: `{ nonce: -1 }` ("next nonce") in @polkadot/api 16 asks the AccountNonceApi runtime API of the best
// block when the runtime has it (subtensor does), which does NOT count transactions still in the pool: 20
// back-to-back transfers with nonce -1 all got the same nonce here and 19 were dropped. So the throughput
// run does what the polkadot-js docs advise for several transactions: read system_accountNextIndex once and
// pass explicit, incremented nonces. The latency run (one transaction at a time) uses nonce -1.
//
//   node bench-submit-polkadotjs.js throughput <ws-url> <sender-uri> <dest-uri> <n>
//     n transfers sent back to back with explicit nonces (each awaited until the pool accepted it: the promise of signAndSend
//     without a callback resolves with the hash of author_submitExtrinsic), then dev_newBlock until the
//     sender's on-chain nonce says all n are in blocks. Prints
//     {"n","submit_ms","include_ms","blocks","nonce_start","nonce_end"}.
//   node bench-submit-polkadotjs.js latency <ws-url> <sender-uri> <dest-uri> <k>
//     k single transfers, each `signAndSend(pair, {nonce: -1}, callback)` until status.isInBlock (the
//     callback gets the result with the events of that block). The chain must build blocks on its own:
//     the caller puts chopsticks in Instant mode (dev_setBlockBuildMode) first. Prints
//     {"k","latency_ms":[...],"finalized_only"} (finalized_only: waits that ended on the Finalized status,
//     100 ms after InBlock on chopsticks, because polkadot-js dropped the InBlock one; see inBlock()).
// The API connection and the metadata load are excluded from every time.
'use strict';
const { ApiPromise, WsProvider, Keyring } = require('@polkadot/api');

const AMOUNT = 1000000n;  // rao per transfer

async function onChainNonce(api, address) {
  const info = await api.query.system.account(address);
  return info.nonce.toNumber();
}

async function throughput(api, sender, dest, n) {
  const nonceStart = await onChainNonce(api, sender.address);
  const t0 = process.hrtime.bigint();
  let next = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
  for (let i = 0; i < n; i++) {
    await api.tx.balances.transferKeepAlive(dest, AMOUNT).signAndSend(sender, { nonce: next++ });
  }
  const t1 = process.hrtime.bigint();
  let blocks = 0;
  let nonce = nonceStart;
  while (nonce < nonceStart + n) {
    await api._rpcCore.provider.send('dev_newBlock', [{ count: 1 }]);
    blocks++;
    nonce = await onChainNonce(api, sender.address);
    if (blocks > 20) throw new Error(`only ${nonce - nonceStart} of ${n} included after ${blocks} blocks`);
  }
  const t2 = process.hrtime.bigint();
  return {
    n,
    submit_ms: Number(t1 - t0) / 1e6,
    include_ms: Number(t2 - t0) / 1e6,
    blocks,
    nonce_start: nonceStart,
    nonce_end: nonce,
  };
}

let finalizedOnly = 0;  // waits that ended on Finalized because polkadot-js dropped InBlock (see below)

function inBlock(api, sender, dest) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    let done = false;
    const timer = setTimeout(() => finish(new Error('not in a block after 120 s')), 120000);
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (unsub) unsub();
      err ? reject(err) : resolve();
    };
    api.tx.balances
      .transferKeepAlive(dest, AMOUNT)
      .signAndSend(sender, { nonce: -1 }, (r) => {
        if (process.env.BT_BENCH_DEBUG) console.error(r.status.type);
        // chopsticks sends Finalized 100 ms after InBlock; polkadot-js maps statuses with switchMap, so when
        // fetching the InBlock events takes longer (a loaded machine) the InBlock callback is dropped and
        // only Finalized arrives. Finalized implies in a block: it ends the wait too (and is counted).
        if (r.status.isInBlock || r.status.isFinalized) {
          if (r.status.isFinalized) finalizedOnly++;
          const failed = r.events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event));
          finish(failed ? new Error('ExtrinsicFailed') : null);
        } else if (r.status.isInvalid || r.status.isDropped || r.status.isUsurped) {
          finish(new Error(`status ${r.status.type}`));
        }
      })
      .then((u) => {
        unsub = u;
        if (done) u();
      }, finish);
  });
}

async function latency(api, sender, dest, k) {
  const out = [];
  for (let i = 0; i < k; i++) {
    const t = process.hrtime.bigint();
    await inBlock(api, sender, dest);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { k, latency_ms: out, finalized_only: finalizedOnly };
}

(async () => {
  const [mode, url, senderUri, destUri, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!['throughput', 'latency'].includes(mode) || !url || !senderUri || !destUri || !(count > 0)) {
    console.error('usage: bench-submit-polkadotjs.js throughput|latency <ws-url> <sender-uri> <dest-uri> <n>');
    process.exit(2);
  }
  // 10 min request timeout (default 60 s): dev_newBlock with a few hundred transfers takes minutes here.
  const provider = new WsProvider(url, 2500, {}, 600000);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519' });
  const sender = keyring.addFromUri(senderUri);
  const dest = keyring.addFromUri(destUri).address;
  const res = mode === 'throughput' ? await throughput(api, sender, dest, count) : await latency(api, sender, dest, count);
  await api.disconnect();
  console.log(JSON.stringify(res));
  process.exit(0);
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
