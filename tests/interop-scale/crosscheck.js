// SPDX-License-Identifier: MIT
// Reference data from polkadot-js (@polkadot/types, versions pinned in package.json) for a metadata
// blob, to cross-check bittensor-cpp's metadata, value, storage-key, call and event code.
//
//   node crosscheck.js METADATA_FILE > reference.json
//
// Output (JSON): polkadot-js decode time, pallet summary (names and indices), storage keys for every
// entry whose key types can be generated, encoded calls for every call whose arguments can be
// generated, normalized decoded constants and storage defaults, and a synthetic System.Events blob
// (one record per generatable event) with polkadot-js's decoding of it.
// Argument values are generated deterministically from the type registry (see gen()).
// Normalized form (norm()): numbers -> {"n": "<decimal>"}, bytes -> "0x..", bool, text -> string,
// struct/tuple/vec -> array in order, enum -> ["Variant", inner], Option -> null | inner.
'use strict';
const fs = require('fs');
const { TypeRegistry, Metadata, expandMetadata } = require('@polkadot/types');
const { u8aToHex, stringCamelCase, compactToU8a, u8aConcat, isU8a } = require('@polkadot/util');

const file = process.argv[2];
if (!file) { console.error('usage: node crosscheck.js METADATA_FILE'); process.exit(2); }
let blob = fs.readFileSync(file);
if (blob.subarray(0, 4).toString() !== 'meta') blob = Buffer.from(blob.toString().trim().replace(/^"|"$/g, '').replace(/^0x/, ''), 'hex');

// Silence polkadot-js registry warnings (unknown signed extensions) on stdout.
console.warn = () => {};
const origLog = console.log;
console.log = () => {};

const registry = new TypeRegistry();
const runs = [];
let md;
for (let i = 0; i < 5; i++) {
  const r = new TypeRegistry();
  const t0 = process.hrtime.bigint();
  md = new Metadata(r, blob);
  runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
md = new Metadata(registry, blob);
registry.setMetadata(md);
const latest = md.asLatest;
const lookup = registry.lookup;
const decorated = expandMetadata(registry, md);

// ---- deterministic argument generation ------------------------------------------------------
const SKIP = Symbol('skip');
function gen(id, seed, depth) {
  if (depth > 6) return SKIP;
  const t = lookup.getSiType(id);
  const def = t.def;
  const path = t.path.map(p => p.toString()).join('::');
  if (path === 'sp_core::crypto::AccountId32') return '0x' + Buffer.alloc(32, (seed % 200) + 1).toString('hex');
  if (def.isPrimitive) {
    const p = def.asPrimitive.type;
    switch (p) {
      case 'Bool': return seed % 2 === 0;
      case 'Str': return 'bt-' + seed;
      case 'U8': return (seed * 7) % 256;
      case 'U16': return (seed * 1031) % 65536;
      case 'U32': return (seed * 100003) % 4294967296;
      case 'U64': return seed % 3 === 0 ? '18446744073709551615' : String(seed * 1000000007);
      case 'U128': return seed % 3 === 0 ? '340282366920938463463374607431768211455' : String(BigInt(seed) * 10n ** 20n);
      case 'I8': return -((seed * 7) % 128);
      case 'I16': return -((seed * 1031) % 32768);
      case 'I32': return -((seed * 100003) % 2147483648);
      case 'I64': return String(-BigInt(seed) * 1000000007n);
      case 'I128': return String(-BigInt(seed) * 10n ** 20n);
      default: return SKIP;
    }
  }
  if (def.isCompact) {
    const inner = lookup.getSiType(def.asCompact.type);
    if (!inner.def.isPrimitive) return SKIP;
    const p = inner.def.asPrimitive.type;
    const big = { U8: 255, U16: 65535, U32: 4294967295 }[p];
    if (big !== undefined) return seed % 2 ? big : seed * 3;
    return seed % 2 ? '18446744073709551615' : String(seed * 1000003);
  }
  if (def.isSequence) {
    const inner = def.asSequence.type;
    const it = lookup.getSiType(inner);
    if (it.def.isPrimitive && it.def.asPrimitive.type === 'U8') return '0x' + Buffer.from([seed % 256, 0xab, 0x01]).toString('hex');
    const a = gen(inner, seed + 1, depth + 1), b = gen(inner, seed + 2, depth + 1);
    if (a === SKIP || b === SKIP) return SKIP;
    return [a, b];
  }
  if (def.isArray) {
    const len = def.asArray.len.toNumber();
    const inner = def.asArray.type;
    const it = lookup.getSiType(inner);
    if (it.def.isPrimitive && it.def.asPrimitive.type === 'U8') return '0x' + Buffer.alloc(len, (seed % 250) + 3).toString('hex');
    if (len > 8) return SKIP;
    const out = [];
    for (let i = 0; i < len; i++) { const v = gen(inner, seed + i, depth + 1); if (v === SKIP) return SKIP; out.push(v); }
    return out;
  }
  if (def.isTuple) {
    const out = [];
    for (const [i, x] of def.asTuple.entries()) { const v = gen(x, seed + i, depth + 1); if (v === SKIP) return SKIP; out.push(v); }
    return out;
  }
  if (def.isComposite) {
    const fields = def.asComposite.fields;
    if (path.startsWith('BTreeMap') || path.startsWith('BTreeSet') || path.includes('WrapperOpaque') || path.includes('WrapperKeepOpaque')) return SKIP;
    if (fields.length === 0) return SKIP;
    if (fields.length === 1 && fields[0].name.isNone) return gen(fields[0].type, seed, depth + 1);
    if (fields.some(f => f.name.isNone)) {
      const out = [];
      for (const [i, f] of fields.entries()) { const v = gen(f.type, seed + i, depth + 1); if (v === SKIP) return SKIP; out.push(v); }
      return out;
    }
    const out = {};
    for (const [i, f] of fields.entries()) { const v = gen(f.type, seed + i, depth + 1); if (v === SKIP) return SKIP; out[f.name.unwrap().toString()] = v; }
    return out;
  }
  if (def.isVariant) {
    if (path === 'Option') {
      if (seed % 2) return null;
      const some = def.asVariant.variants.find(v => v.name.toString() === 'Some');
      return gen(some.fields[0].type, seed, depth + 1);
    }
    const vs = def.asVariant.variants;
    for (let k = 0; k < vs.length; k++) {
      const v = vs[(seed + k) % vs.length];
      const name = v.name.toString();
      if (v.fields.length === 0) return name;
      if (v.fields.length === 1 && v.fields[0].name.isNone) {
        const x = gen(v.fields[0].type, seed, depth + 1);
        if (x !== SKIP) return { [name]: x };
        continue;
      }
      if (v.fields.every(f => f.name.isSome)) {
        const o = {};
        let ok = true;
        for (const [i, f] of v.fields.entries()) { const x = gen(f.type, seed + i, depth + 1); if (x === SKIP) { ok = false; break; } o[f.name.unwrap().toString()] = x; }
        if (ok) return { [name]: o };
      }
    }
    return SKIP;
  }
  return SKIP;
}

// ---- normalized decoded form ----------------------------------------------------------------
function norm(c, depth = 0) {
  if (depth > 40) throw new Error('too deep');
  if (c === null || c === undefined) return null;
  const ctor = c.constructor && c.constructor.name;
  if (typeof c.isNone === 'boolean' && typeof c.unwrap === 'function' && ctor && ctor.startsWith('Option')) return c.isNone ? null : norm(c.unwrap(), depth + 1);
  if (typeof c.toBn === 'function' && typeof c.bitLength === 'function') return { n: c.toBn().toString(10) };
  if (typeof c.unwrap === 'function' && ctor && ctor.startsWith('Compact')) return norm(c.unwrap(), depth + 1);
  if (c.toRawType && c.toRawType() === 'bool') return c.isTrue;
  if (c.toRawType && (c.toRawType() === 'Text' || c.toRawType() === 'String')) return c.toString();
  if (isU8a(c)) return u8aToHex(c);
  if (c instanceof Map && c.defKeys) return [...c.values()].map(x => norm(x, depth + 1));
  if (c instanceof Map) return [...c.entries()].map(([k, v]) => [norm(k, depth + 1), norm(v, depth + 1)]);
  if (c instanceof Set) return [...c.values()].map(v => norm(v, depth + 1));
  if (typeof c.isBasic === 'boolean' && typeof c.type === 'string' && c.inner !== undefined) {
    const inner = c.inner;
    const isNull = inner && inner.toRawType && inner.toRawType() === 'Null';
    return [c.type, isNull ? null : norm(inner, depth + 1)];
  }
  if (c instanceof Array) return c.map(x => norm(x, depth + 1));
  if (c.toRawType && c.toRawType() === 'Null') return null;
  throw new Error('cannot normalize ' + ctor);
}

function typeName(id) { return registry.createLookupType(id); }

// ---- pallets --------------------------------------------------------------------------------
const pallets = latest.pallets.map(p => {
  const variants = opt => (opt.isSome ? lookup.getSiType(opt.unwrap().type).def.asVariant.variants.map(v => [v.name.toString(), v.index.toNumber()]) : []);
  return {
    name: p.name.toString(),
    index: p.index.toNumber(),
    calls: variants(p.calls),
    events: variants(p.events),
    errors: variants(p.errors),
    storage: p.storage.isSome ? p.storage.unwrap().items.map(i => i.name.toString()) : [],
    constants: p.constants.map(c => c.name.toString()),
  };
});

// ---- storage keys ---------------------------------------------------------------------------
const storage_keys = [];
const storage_defaults = [];
for (const p of latest.pallets) {
  if (p.storage.isNone) continue;
  const section = stringCamelCase(p.name.toString());
  for (const item of p.storage.unwrap().items) {
    const method = stringCamelCase(item.name.toString());
    const fn = decorated.query[section] && decorated.query[section][method];
    if (!fn) continue;
    try {
      const valueType = item.type.isPlain ? item.type.asPlain : item.type.asMap.value;
      const def = registry.createType(typeName(valueType), item.fallback.toU8a(true));
      storage_defaults.push({ pallet: p.name.toString(), entry: item.name.toString(), normalized: norm(def) });
    } catch (e) { /* skip types polkadot-js cannot build */ }
    let keyTypes = [];
    if (item.type.isMap) {
      const m = item.type.asMap;
      keyTypes = m.hashers.length === 1 ? [m.key] : lookup.getSiType(m.key).def.asTuple.map(x => x);
    }
    const args = [];
    let ok = true;
    for (const [i, kt] of keyTypes.entries()) { const v = gen(kt, 11 + i * 5, 0); if (v === SKIP) { ok = false; break; } args.push(v); }
    if (!ok) continue;
    try {
      const full = fn(...(keyTypes.length === 1 ? [args[0]] : keyTypes.length ? [args] : []));
      // createFunction prefixes the key with its compact length: strip it.
      const key = u8aToHex(stripLength(full));
      const entry = { pallet: p.name.toString(), entry: item.name.toString(), args, key };
      if (keyTypes.length > 1) entry.prefix1 = u8aToHex(fn.keyPrefix(args[0]));
      storage_keys.push(entry);
    } catch (e) { /* skip */ }
  }
}
function stripLength(u8a) {
  const m = u8a[0] & 3;
  const off = m === 0 ? 1 : m === 1 ? 2 : 4;
  return u8a.subarray(off);
}

// ---- calls ----------------------------------------------------------------------------------
const calls = [];
for (const p of latest.pallets) {
  if (p.calls.isNone) continue;
  for (const v of lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants) {
    const args = [];
    let ok = true;
    for (const [i, f] of v.fields.entries()) { const x = gen(f.type, 3 + i * 7 + v.index.toNumber(), 0); if (x === SKIP) { ok = false; break; } args.push(x); }
    if (!ok) continue;
    try {
      const fn = registry.findMetaCall(new Uint8Array([p.index.toNumber(), v.index.toNumber()]));
      const call = fn(...args);
      calls.push({ pallet: p.name.toString(), call: v.name.toString(), args, hex: call.toHex() });
    } catch (e) { /* skip */ }
  }
}

// ---- constants ------------------------------------------------------------------------------
const constants = [];
for (const p of latest.pallets) {
  for (const c of p.constants) {
    try {
      const v = registry.createType(typeName(c.type), c.value.toU8a(true));
      constants.push({ pallet: p.name.toString(), name: c.name.toString(), normalized: norm(v) });
    } catch (e) { /* skip */ }
  }
}

// ---- events: a synthetic System.Events blob -------------------------------------------------
const records = [];
let n = 0;
for (const p of latest.pallets) {
  if (p.events.isNone) continue;
  for (const v of lookup.getSiType(p.events.unwrap().type).def.asVariant.variants) {
    const parts = [new Uint8Array([p.index.toNumber(), v.index.toNumber()])];
    let ok = true;
    for (const [i, f] of v.fields.entries()) {
      const x = gen(f.type, 5 + i * 3 + v.index.toNumber(), 0);
      if (x === SKIP) { ok = false; break; }
      try { parts.push(registry.createType(typeName(f.type), x).toU8a()); } catch (e) { ok = false; break; }
    }
    if (!ok) continue;
    const phase = n % 3 === 0 ? new Uint8Array([0, n & 0xff, 0, 0, 0]) : new Uint8Array([n % 3]);
    const topics = n % 4 === 0 ? u8aConcat(compactToU8a(1), new Uint8Array(32).fill(n & 0xff)) : compactToU8a(0);
    records.push(u8aConcat(phase, ...parts, topics));
    n++;
  }
}
const eventsBlob = u8aConcat(compactToU8a(records.length), ...records);
const sysEvents = latest.pallets.find(p => p.name.toString() === 'System').storage.unwrap().items.find(i => i.name.toString() === 'Events');
const decodedEvents = registry.createType(typeName(sysEvents.type.asPlain), eventsBlob);
const events = decodedEvents.map(r => ({
  phase: r.phase.type,
  phase_index: r.phase.isApplyExtrinsic ? r.phase.asApplyExtrinsic.toNumber() : null,
  pallet: r.event.section,
  name: r.event.method,
  pallet_index: r.event.index[0],
  event_index: r.event.index[1],
  fields: r.event.data.map(d => u8aToHex(d.toU8a())),
  normalized: (() => { try { return r.event.data.map(d => norm(d)); } catch (e) { return null; } })(),
  topics: r.topics.map(t => t.toHex()),
}));

function extrinsicInfo(ex) {
  // polkadot-js converts every version to its latest model: V16 has versions + transactionExtensions.
  const version = ex.version ? ex.version.toNumber() : Number(ex.versions[ex.versions.length - 1]);
  const exts = ex.signedExtensions || ex.transactionExtensions;
  return { version, extensions: exts.map(e => e.identifier.toString()) };
}

console.log = origLog;
console.log(JSON.stringify({
  generator: 'tests/interop-scale/crosscheck.js',
  polkadot_types: require('@polkadot/types/package.json').version,
  metadata_version: md.version,
  polkadotjs_decode_ms: runs,
  pallets,
  extrinsic: extrinsicInfo(latest.extrinsic),
  storage_keys,
  storage_defaults,
  calls,
  constants,
  events_blob: u8aToHex(eventsBlob),
  events,
}));
