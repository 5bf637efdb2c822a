// SPDX-License-Identifier: MIT
// Times polkadot-js decoding a metadata blob: node bench_decode.js FILE [RUNS]
// Prints JSON {"runs": N, "median_ms": x, "min_ms": y, "first_ms": z} (first run includes warm-up).
'use strict';
const fs = require('fs');
const { TypeRegistry, Metadata } = require('@polkadot/types');
console.warn = () => {};
const blob = fs.readFileSync(process.argv[2]);
const runs = +(process.argv[3] || 20);
const times = [];
for (let i = 0; i < runs; i++) {
  const registry = new TypeRegistry();
  const t0 = process.hrtime.bigint();
  const md = new Metadata(registry, blob);
  md.asLatest;  // polkadot-js converts V14/V15 to its latest model on access
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const first = times[0];
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ runs, median_ms: sorted[Math.floor(runs / 2)], min_ms: sorted[0], first_ms: first }));
