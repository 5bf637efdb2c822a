// SPDX-License-Identifier: MIT
// Encodes the Bittensor operations' RuntimeCalls with polkadot-js from the spec-218 metadata, for
// bittensor-cpp's call builder interop test (tests/subtensor/calls_test.cpp):
//   node tests/interop-extrinsic/calls.js > tests/vectors/subtensor/polkadotjs_calls.json
// Each case: {"name", "pallet", "call", "call_hex"}; the C++ test builds the same operation with its
// builder and compares the bytes. Arguments are fixed here and mirrored in the C++ test by name.
'use strict';
const fs = require('fs');
const { TypeRegistry, Metadata } = require('@polkadot/types');

const path = 'tests/vectors/metadata/raonet_v14.scale';
const alice = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const bob = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
const reg = new TypeRegistry();
const md = new Metadata(reg, new Uint8Array(fs.readFileSync(path)));
reg.setMetadata(md);
const cases = [];
const mk = (name, pallet, call, args) => {
  const p = md.asLatest.pallets.find((x) => x.name.toString() === pallet);
  const t = reg.lookup.getSiType(p.calls.unwrap().type);
  const v = t.def.asVariant.variants.find((x) => x.name.toString() === call);
  const c = reg.createType('Call', { callIndex: [p.index.toNumber(), v.index.toNumber()], args });
  cases.push({ name, pallet, call, call_hex: c.toHex() });
  return c;
};
const hex = (s) => '0x' + Buffer.from(s, 'utf8').toString('hex');
mk('set_weights', 'SubtensorModule', 'set_weights', { netuid: 3, dests: [0, 1, 7], weights: [65535, 100, 1], version_key: 2001 });
mk('commit_weights', 'SubtensorModule', 'commit_weights', { netuid: 3, commit_hash: '0x' + 'ab'.repeat(32) });
mk('reveal_weights', 'SubtensorModule', 'reveal_weights', { netuid: 3, uids: [0, 1], values: [65535, 2], salt: [1, 2, 3], version_key: 7 });
mk('batch_reveal_weights', 'SubtensorModule', 'batch_reveal_weights', { netuid: 3, uids_list: [[0, 1], [2]], values_list: [[65535, 2], [9]], salts_list: [[1, 2], [3]], version_keys: [7, 8] });
mk('add_stake', 'SubtensorModule', 'add_stake', { hotkey: bob, netuid: 3, amount_staked: '1000000000000' });
mk('remove_stake', 'SubtensorModule', 'remove_stake', { hotkey: bob, netuid: 3, amount_unstaked: '123456789' });
mk('move_stake', 'SubtensorModule', 'move_stake', { origin_hotkey: alice, destination_hotkey: bob, origin_netuid: 1, destination_netuid: 3, alpha_amount: '5000000000' });
mk('transfer_keep_alive', 'Balances', 'transfer_keep_alive', { dest: { Id: bob }, value: '1000000000' });
mk('transfer_allow_death', 'Balances', 'transfer_allow_death', { dest: { Id: bob }, value: '18446744073709551615' });
mk('transfer_all', 'Balances', 'transfer_all', { dest: { Id: bob }, keep_alive: true });
mk('burned_register', 'SubtensorModule', 'burned_register', { netuid: 3, hotkey: bob });
mk('register_network', 'SubtensorModule', 'register_network', { hotkey: bob, mechid: 1 });
mk('root_register', 'SubtensorModule', 'root_register', { hotkey: bob });
mk('serve_axon', 'SubtensorModule', 'serve_axon', { netuid: 3, version: 9, ip: '3232235777', port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 });
mk('serve_prometheus', 'SubtensorModule', 'serve_prometheus', { netuid: 3, version: 9, ip: '3232235777', port: 7091, ip_type: 4 });
mk('set_children', 'SubtensorModule', 'set_children', { hotkey: alice, netuid: 3, children: [['9223372036854775807', bob], ['18446744073709551615', alice]] });
mk('set_childkey_take', 'SubtensorModule', 'set_childkey_take', { hotkey: alice, netuid: 3, take: 1000 });
mk('set_identity', 'SubtensorModule', 'set_identity', { name: hex('bt-cpp'), url: hex('https://example.org'), image: hex(''), discord: hex('d#1'), description: hex('validator'), additional: hex('x') });
mk('set_subnet_identity', 'SubtensorModule', 'set_subnet_identity', { netuid: 3, subnet_name: hex('sn3'), github_repo: hex('https://github.com/x/y'), subnet_contact: hex('a@b.c') });
const tempo = mk('tempo_inner', 'AdminUtils', 'sudo_set_tempo', { netuid: 3, tempo: 10 });
cases.pop();
mk('sudo_set_tempo', 'Sudo', 'sudo', { call: tempo });
const rl = mk('rl_inner', 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: 3, weights_set_rate_limit: 0 });
cases.pop();
mk('sudo_set_weights_set_rate_limit', 'Sudo', 'sudo', { call: rl });
const cr = mk('cr_inner', 'AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: 3, enabled: false });
cases.pop();
mk('sudo_set_commit_reveal_weights_enabled', 'Sudo', 'sudo', { call: cr });
const a = mk('a', 'Balances', 'transfer_keep_alive', { dest: { Id: bob }, value: '1000000000' });
const b = mk('b', 'SubtensorModule', 'add_stake', { hotkey: bob, netuid: 3, amount_staked: '1000000000000' });
cases.pop(); cases.pop();
mk('batch_all', 'Utility', 'batch_all', { calls: [a, b] });
process.stdout.write(JSON.stringify({ metadata: path, spec_version: 218, cases }, null, 1) + '\n');
