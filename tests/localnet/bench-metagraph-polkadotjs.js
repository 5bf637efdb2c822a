#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Reference for benchmarks/bench_metagraph.cpp: polkadot-js (@polkadot/api, pinned) doing the reads of
// bt::metagraph::sync for a spec-143 subnet at one block: the per-subnet items, Keys / BlockAtRegistration /
// Weights / Bonds entries, then TotalHotkeyStake, Owner and Axons of every hotkey - every value decoded.
// The API connection and metadata load are excluded; the sync is repeated `reps` times; prints JSON
// {best_ms, mean_ms, n, requests}.
// usage: node bench-metagraph-polkadotjs.js <ws-url> <netuid> [reps=5]
'use strict';
const { ApiPromise, WsProvider } = require('@polkadot/api');

const PER_NETUID = ['networksAdded', 'subnetworkN', 'lastUpdate', 'validatorPermit', 'active', 'rank', 'trust',
  'consensus', 'incentive', 'dividends', 'emission', 'validatorTrust', 'pruningScores', 'tempo', 'kappa', 'rho',
  'activityCutoff', 'maxAllowedValidators', 'maxAllowedUids', 'immunityPeriod', 'minAllowedWeights',
  'maxWeightsLimit', 'weightsVersionKey', 'weightsSetRateLimit', 'bondsMovingAverage', 'pendingEmission',
  'emissionValues', 'subnetOwner', 'blocksSinceLastStep', 'lastMechansimStepBlock', 'loadedEmission'];

(async () => {
  const [url, netuidArg, repsArg] = process.argv.slice(2);
  const netuid = Number(netuidArg);
  const reps = Number(repsArg || 5);
  const provider = new WsProvider(url);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  let sent = 0;
  const origSend = provider.send.bind(provider);
  provider.send = (...a) => { sent++; return origSend(...a); };
  const times = [];
  let n = 0;
  for (let i = 0; i < reps; i++) {
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
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await api.disconnect();
  const best = Math.min(...times);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(JSON.stringify({ best_ms: +best.toFixed(2), mean_ms: +mean.toFixed(2), n, requests: sent, times }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
