#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Reference for benchmarks/bench_metagraph.cpp: polkadot-js (@polkadot/api, pinned) doing the reads of
// bt::metagraph::sync for a spec-143 subnet at one block: the per-subnet items, Keys / BlockAtRegistration /
// Weights / Bonds entries, then TotalHotkeyStake, Owner and Axons of every hotkey - every value decoded.
// The API connection and metadata load are excluded.
//
// usage: node bench-metagraph-polkadotjs.js <ws-url> <netuid> [reps=5]
//          runs `reps` syncs, prints JSON {best_ms, median_ms, mean_ms, n, requests, times}
//        node bench-metagraph-polkadotjs.js <ws-url> <netuid> serve
//          prints {"ready":true} once connected, then for every line "K" on stdin runs K syncs and prints
//          one JSON line {times, n, requests} (requests of the last sync); exits on "quit" or end of input.
//          The benchmark uses this to alternate polkadot-js and bittensor-cpp syncs in the same run.
'use strict';
const readline = require('readline');
const { ApiPromise, WsProvider } = require('@polkadot/api');

const PER_NETUID = ['networksAdded', 'subnetworkN', 'lastUpdate', 'validatorPermit', 'active', 'rank', 'trust',
  'consensus', 'incentive', 'dividends', 'emission', 'validatorTrust', 'pruningScores', 'tempo', 'kappa', 'rho',
  'activityCutoff', 'maxAllowedValidators', 'maxAllowedUids', 'immunityPeriod', 'minAllowedWeights',
  'maxWeightsLimit', 'weightsVersionKey', 'weightsSetRateLimit', 'bondsMovingAverage', 'pendingEmission',
  'emissionValues', 'subnetOwner', 'blocksSinceLastStep', 'lastMechansimStepBlock', 'loadedEmission'];

(async () => {
  const [url, netuidArg, repsArg] = process.argv.slice(2);
  const netuid = Number(netuidArg);
  const provider = new WsProvider(url);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  let sent = 0;
  const origSend = provider.send.bind(provider);
  provider.send = (...a) => {
    sent++;
    return origSend(...a);
  };
  let n = 0;

  // One sync; its wall time in ms.
  const syncOnce = async () => {
    sent = 0;
    const t = process.hrtime.bigint();
    const hash = await api.rpc.chain.getBlockHash();
    const at = await api.at(hash);
    const q = at.query.subtensorModule;
    const items = await Promise.all(PER_NETUID.map((it) => q[it](netuid)));
    const owner = await q.subnetOwnerCut();
    n = items[1].toNumber();
    const [keys, regs, weights, bonds] = await Promise.all([
      q.keys.entries(netuid), q.blockAtRegistration.entries(netuid), q.weights.entries(netuid), q.bonds.entries(netuid)]);
    const hotkeys = keys.map(([, v]) => v.toString());
    const [stake, owners, axons] = await Promise.all([
      q.totalHotkeyStake.multi(hotkeys), q.owner.multi(hotkeys), q.axons.multi(hotkeys.map((h) => [netuid, h]))]);
    // touch every decoded value like a metagraph would
    let sum = 0n;
    for (const s of stake) sum += s.toBigInt();
    for (const [, r] of weights) sum += BigInt(r.length);
    for (const [, r] of bonds) sum += BigInt(r.length);
    for (const [, b] of regs) sum += b.toBigInt();
    if (owners.length !== hotkeys.length || axons.length !== hotkeys.length || owner.isEmpty === undefined) {
      throw new Error('bad read');
    }
    return Number(process.hrtime.bigint() - t) / 1e6;
  };

  if (repsArg === 'serve') {
    console.log(JSON.stringify({ready: true}));
    const rl = readline.createInterface({input: process.stdin});
    for await (const line of rl) {
      if (line.trim() === 'quit') break;
      const k = Number(line) || 1;
      const times = [];
      for (let i = 0; i < k; i++) times.push(await syncOnce());
      console.log(JSON.stringify({times, n, requests: sent}));
    }
  } else {
    const reps = Number(repsArg || 5);
    const times = [];
    for (let i = 0; i < reps; i++) times.push(await syncOnce());
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] :
                                       (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(JSON.stringify({
      best_ms: +sorted[0].toFixed(2),
      median_ms: +median.toFixed(2),
      mean_ms: +mean.toFixed(2),
      n,
      requests: sent,
      times
    }));
  }
  await api.disconnect();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
