// fetch metadata blobs from a running chopsticks node: node fetch.js PORT OUTPREFIX
const http = require('http');
const fs = require('fs');
const port = +process.argv[2], out = process.argv[3];
function rpc(method, params) {
  return new Promise((res, rej) => {
    const r = http.request({host: '127.0.0.1', port, method: 'POST', headers: {'content-type': 'application/json'}}, s => {
      let b = ''; s.on('data', d => b += d); s.on('end', () => { const j = JSON.parse(b); j.error ? rej(new Error(JSON.stringify(j.error))) : res(j.result); });
    });
    r.on('error', rej); r.end(JSON.stringify({id: 1, jsonrpc: '2.0', method, params}));
  });
}
function compact(buf, off) {
  const m = buf[off] & 3;
  if (m === 0) return [buf[off] >> 2, 1];
  if (m === 1) return [buf.readUInt16LE(off) >> 2, 2];
  if (m === 2) return [buf.readUInt32LE(off) >>> 2, 4];
  throw new Error('big compact');
}
(async () => {
  const v14 = await rpc('state_getMetadata', []);
  fs.writeFileSync(out + '_v14.scale', Buffer.from(v14.slice(2), 'hex'));
  const rv = await rpc('state_getRuntimeVersion', []);
  console.log(JSON.stringify({specName: rv.specName, specVersion: rv.specVersion, transactionVersion: rv.transactionVersion}));
  let versions = [];
  try {
    const vh = Buffer.from((await rpc('state_call', ['Metadata_metadata_versions', '0x'])).slice(2), 'hex');
    const [n, l] = compact(vh, 0);
    for (let i = 0; i < n; i++) versions.push(vh.readUInt32LE(l + 4 * i));
  } catch (e) { console.log('no Metadata_metadata_versions: ' + e.message); }
  console.log('versions', versions);
  for (const v of versions) {
    if (v < 15) continue;
    const arg = Buffer.alloc(4); arg.writeUInt32LE(v);
    const r = Buffer.from((await rpc('state_call', ['Metadata_metadata_at_version', '0x' + arg.toString('hex')])).slice(2), 'hex');
    if (r[0] !== 1) { console.log('v' + v + ': None'); continue; }
    const [len, l] = compact(r, 1);
    const blob = r.subarray(1 + l, 1 + l + len);
    fs.writeFileSync(out + '_v' + v + '.scale', blob);
    console.log('v' + v, blob.length, 'bytes');
  }
})().catch(e => { console.error(e); process.exit(1); });
