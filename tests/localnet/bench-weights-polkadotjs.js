#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Reference for benchmarks/bench_rpc.cpp: time polkadot-js fetching every Weights and Bonds entry of a
// subnet (query.subtensorModule.{weights,bonds}.entries(netuid), decoded). The API connection and metadata
// load are excluded; the fetch is repeated `reps` times and the best and mean times are printed as JSON.
// usage: node bench-weights-polkadotjs.js <ws-url> <netuid> [reps=5]
'use strict';
const { ApiPromise, WsProvider } = require('@polkadot/api');

(async () => {
  const [url, netuidArg, repsArg] = process.argv.slice(2);
  const netuid = Number(netuidArg);
  const reps = Number(repsArg || 5);
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
  const times = [];
  let rows = 0;
  let pairs = 0;
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    const w = await api.query.subtensorModule.weights.entries(netuid);
    const b = await api.query.subtensorModule.bonds.entries(netuid);
    rows = w.length + b.length;
    pairs = 0;
    for (const [, v] of w) pairs += v.length;
    for (const [, v] of b) pairs += v.length;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await api.disconnect();
  const best = Math.min(...times);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(JSON.stringify({ rows, pairs, best_ms: best, mean_ms: mean }));
  process.exit(0);
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
