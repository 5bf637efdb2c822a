// SPDX-License-Identifier: MIT
// The SubtensorModule storage layout of the current ("head") generation as metadata V14, for scripted-node
// tests: no metadata of such a runtime is available offline, so the entries the head epoch and a metagraph
// read are declared here from the source of subtensor 14bc6f9f964b9cc362e9635dd110a487fa5d15a0
// (pallets/subtensor/src/lib.rs storage declarations: hashers, key and value types, query kind, defaults;
// runtime/src/lib.rs spec_version 425 and the Initial* constants of the defaults). Newtypes are recorded as
// the composites the runtime declares (NetUid(u16), NetUidStorageIndex(u16) = mechanism * 4096 + netuid,
// MechId(u8), AlphaBalance(u64)); their SCALE encoding is the inner value's. This is a layout taken from
// source and never compared with a live node's metadata.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>

#include <cstdint>

#include "support/metadata_builder.hpp"

namespace bt::test::head {

inline constexpr std::uint32_t kSpecVersion = 425;            // runtime/src/lib.rs at 14bc6f9f
inline constexpr std::uint16_t kGlobalMaxSubnetCount = 4096;  // subnets/mechanism.rs

// get_mechanism_storage_index(netuid, mech): the key of the per-mechanism items (Weights, Bonds,
// Incentive, LastUpdate, WeightCommits, TimelockedWeightCommits).
inline std::uint16_t storage_index(std::uint16_t netuid, std::uint8_t mech = 0) {
  const std::uint32_t v = std::uint32_t{mech} * kGlobalMaxSubnetCount + netuid;
  return static_cast<std::uint16_t>(v > 0xffff ? 0xffff : v);  // saturating, as the runtime
}

template <class T>
Bytes le_bytes(T v) {
  Bytes b(sizeof(T));
  for (std::size_t i = 0; i < sizeof(T); ++i)
    b[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i));
  return b;
}

// The V14 blob: SubtensorModule with the head entries below (and nothing else of the runtime).
inline Bytes metadata() {
  using metadata::StorageHasher;
  constexpr auto Identity = StorageHasher::Identity;
  constexpr auto Blake2_128Concat = StorageHasher::Blake2_128Concat;
  constexpr auto Twox64Concat = StorageHasher::Twox64Concat;
  constexpr auto dv = Modifier::default_value;
  MetadataBuilder b;
  const auto u8 = b.prim("u8"), u16 = b.prim("u16"), u32 = b.prim("u32"), u64 = b.prim("u64"),
             u128 = b.prim("u128"), i16 = b.prim("i16"), boolean = b.prim("bool");
  const auto account = b.account_id32();
  const auto netuid = b.composite("subtensor_runtime_common::NetUid", {{"", u16, "u16"}});
  const auto index = b.composite("subtensor_runtime_common::NetUidStorageIndex", {{"", u16, "u16"}});
  const auto mech = b.composite("subtensor_runtime_common::MechId", {{"", u8, "u8"}});
  const auto alpha = b.composite("subtensor_runtime_common::currency::AlphaBalance", {{"", u64, "u64"}});
  const auto h256 = b.composite("primitive_types::H256", {{"", b.array(32, u8), "[u8; 32]"}});
  const auto vec_u16 = b.sequence(u16), vec_u64 = b.sequence(u64), vec_bool = b.sequence(boolean);
  const auto vec_alpha = b.sequence(alpha);
  const auto row = b.sequence(b.tuple({u16, u16}));
  const auto links = b.sequence(b.tuple({u64, account}));
  const auto axon = b.composite("pallet_subtensor::AxonInfo", {{"block", u64, "u64"},
                                                               {"version", u32, "u32"},
                                                               {"ip", u128, "u128"},
                                                               {"port", u16, "u16"},
                                                               {"ip_type", u8, "u8"},
                                                               {"protocol", u8, "u8"},
                                                               {"placeholder1", u8, "u8"},
                                                               {"placeholder2", u8, "u8"}});
  // WeightCommits: VecDeque<(H256, commit_epoch, commit_block, unused)> (what run_epoch.rs destructures)
  const auto commits = b.sequence(b.tuple({h256, u64, u64, u64}));
  // TimelockedWeightCommits: VecDeque<(AccountId, commit_block, BoundedVec<u8>, RoundNumber = u64)>
  const auto tl_commits = b.sequence(b.tuple({account, u64, b.sequence(u8), u64}));
  const Bytes zero_account(32, 0);
  const Bytes empty_vec{0x00};

  auto& p = b.pallet("SubtensorModule");
  // per subnet (NetUid, Identity unless noted)
  p.map("NetworksAdded", {Identity}, netuid, boolean, dv, {0});
  p.map("SubnetworkN", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(0));
  p.map("Tempo", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(360));
  p.map("Kappa", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(32'767));
  p.map("Rho", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(10));
  p.map("ActivityCutoffFactorMilli", {Identity}, netuid, u32, dv, le_bytes<std::uint32_t>(13'889));
  p.map("MaxAllowedValidators", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(128));
  p.map("MaxAllowedUids", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(256));
  p.map("BondsMovingAverage", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(900'000));
  p.map("BondsPenalty", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(0xffff));
  p.map("LiquidAlphaOn", {Blake2_128Concat}, netuid, boolean, dv, {0});
  Bytes alpha_values = le_bytes<std::uint16_t>(45'875);
  for (auto x : le_bytes<std::uint16_t>(58'982)) alpha_values.push_back(x);
  p.map("AlphaValues", {Identity}, netuid, b.tuple({u16, u16}), dv, alpha_values);
  p.map("AlphaSigmoidSteepness", {Identity}, netuid, i16, dv, le_bytes<std::int16_t>(1000));
  p.map("Yuma3On", {Blake2_128Concat}, netuid, boolean, dv, {0});
  p.map("CommitRevealWeightsEnabled", {Identity}, netuid, boolean, dv, {1});
  p.map("RevealPeriodEpochs", {Twox64Concat}, netuid, u64, dv, le_bytes<std::uint64_t>(1));
  p.map("ImmunityPeriod", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(4096));
  p.map("MinAllowedWeights", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(1024));
  p.map("MaxWeightsLimit", {Identity}, netuid, u16, dv, le_bytes<std::uint16_t>(0xffff));
  p.map("WeightsVersionKey", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("WeightsSetRateLimit", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(100));
  p.map("SubnetOwner", {Identity}, netuid, account, dv, zero_account);
  p.map("SubnetOwnerHotkey", {Identity}, netuid, account, dv, zero_account);
  p.map("LastMechansimStepBlock", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("MechanismCountCurrent", {Twox64Concat}, netuid, mech, dv, {1});
  p.map("MechanismEmissionSplit", {Twox64Concat}, netuid, vec_u16);  // OptionQuery
  // the stateful epoch scheduler (coinbase/run_coinbase.rs should_run_epoch / drain_pending)
  p.map("BlocksSinceLastStep", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("LastEpochBlock", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("PendingEpochAt", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("SubnetEpochIndex", {Identity}, netuid, u64, dv, le_bytes<std::uint64_t>(0));
  p.map("PendingOwnerCut", {Identity}, netuid, alpha, dv, le_bytes<std::uint64_t>(0));
  p.map("PendingServerEmission", {Identity}, netuid, alpha, dv, le_bytes<std::uint64_t>(0));
  p.map("PendingValidatorEmission", {Identity}, netuid, alpha, dv, le_bytes<std::uint64_t>(0));
  p.map("PendingRootAlphaDivs", {Identity}, netuid, alpha, dv, le_bytes<std::uint64_t>(0));
  p.map("ValidatorPermit", {Identity}, netuid, vec_bool, dv, empty_vec);
  p.map("Active", {Identity}, netuid, vec_bool, dv, empty_vec);
  p.map("Consensus", {Identity}, netuid, vec_u16, dv, empty_vec);
  p.map("Dividends", {Identity}, netuid, vec_u16, dv, empty_vec);
  p.map("ValidatorTrust", {Identity}, netuid, vec_u16, dv, empty_vec);
  p.map("StakeWeight", {Identity}, netuid, vec_u16, dv, empty_vec);
  p.map("Emission", {Identity}, netuid, vec_alpha, dv, empty_vec);
  // per mechanism (NetUidStorageIndex)
  p.map("LastUpdate", {Identity}, index, vec_u64, dv, empty_vec);
  p.map("Incentive", {Identity}, index, vec_u16, dv, empty_vec);
  p.map("Weights", {Identity, Identity}, b.tuple({index, u16}), row, dv, empty_vec);
  p.map("Bonds", {Identity, Identity}, b.tuple({index, u16}), row, dv, empty_vec);
  p.map("WeightCommits", {Twox64Concat, Twox64Concat}, b.tuple({index, account}), commits);
  p.map("TimelockedWeightCommits", {Twox64Concat, Twox64Concat}, b.tuple({index, u64}), tl_commits, dv,
        empty_vec);
  // per uid
  p.map("Keys", {Identity, Identity}, b.tuple({netuid, u16}), account, dv, zero_account);
  p.map("Uids", {Identity, Blake2_128Concat}, b.tuple({netuid, account}), u16);  // OptionQuery
  p.map("BlockAtRegistration", {Identity, Identity}, b.tuple({netuid, u16}), u64, dv,
        le_bytes<std::uint64_t>(0));
  // per hotkey
  p.map("TotalHotkeyAlpha", {Blake2_128Concat, Identity}, b.tuple({account, netuid}), alpha, dv,
        le_bytes<std::uint64_t>(0));
  p.map("ParentKeys", {Blake2_128Concat, Identity}, b.tuple({account, netuid}), links, dv, empty_vec);
  p.map("ChildKeys", {Blake2_128Concat, Identity}, b.tuple({account, netuid}), links, dv, empty_vec);
  p.map("Owner", {Blake2_128Concat}, account, account, dv, zero_account);
  p.map("Axons", {Identity, Blake2_128Concat}, b.tuple({netuid, account}), axon);
  // stake shares per (hotkey, coldkey, netuid): U64F64 bits (what detect_generation keys dTAO on)
  const auto u64f64 = b.composite("substrate_fixed::FixedU128", {{"bits", u128, "u128"}});
  p.map("Alpha", {Blake2_128Concat, Blake2_128Concat, Identity}, b.tuple({account, account, netuid}), u64f64,
        dv, Bytes(16, 0));
  // global
  p.plain("StakeThreshold", u64, dv, le_bytes<std::uint64_t>(0));
  p.plain("SubnetOwnerCut", u16, dv, le_bytes<std::uint16_t>(11'796));
  p.plain("MaxEpochsPerBlock", u8, dv, {2});  // SubtensorMaxEpochsPerBlock (prod_or_fast!(2, 32))
  p.plain("TaoWeight", u64, dv, le_bytes<std::uint64_t>(971'718'665'099'567'868ULL));
  return b.build();
}

}  // namespace bt::test::head
