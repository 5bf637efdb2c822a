// SPDX-License-Identifier: MIT
// Batches and sudo helpers for local networks, built by name from the runtime metadata.
//
//   auto set = bt::subtensor::sudo_set_hyperparameter(md, "tempo", netuid, 10).value();
//   auto both = bt::subtensor::batch_all_call(md, std::vector<bt::Bytes>{a, b}).value();
//   // sign `set` with the sudo key (//Alice on the local chains)
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bt::subtensor {

// Utility.batch_all { calls }: every element is RuntimeCall bytes of this runtime (decoded and
// re-encoded, so a malformed element is a bt.scale / bt.metadata error, never a wrong batch).
Result<Bytes> batch_all_call(const metadata::Metadata& md, std::span<const Bytes> calls);
// Sudo.sudo { call }: the wrapped call is RuntimeCall bytes of this runtime.
Result<Bytes> sudo_call(const metadata::Metadata& md, ByteView call);

// Sudo.sudo(AdminUtils.<call>(args by position)). A call or argument the runtime lacks is a bt.metadata
// error naming it.
Result<Bytes> sudo_admin_call(const metadata::Metadata& md, std::string_view call,
                              std::vector<metadata::Value> args);
// Sudo.sudo(AdminUtils.sudo_set_<name> { netuid, <value> }) for the per-subnet hyperparameter setters whose
// second argument is an integer or a bool (value != 0), e.g. "tempo", "weights_set_rate_limit",
// "commit_reveal_weights_enabled", "min_allowed_weights", "max_weight_limit", "weights_version_key".
// Errors: MetadataError::not_found when AdminUtils has no such setter, type_mismatch when it does not take
// (netuid, one value), out_of_range when the value does not fit the argument's type.
Result<Bytes> sudo_set_hyperparameter(const metadata::Metadata& md, std::string_view name,
                                      std::uint16_t netuid, std::uint64_t value);
// The SDK-named shortcuts of sudo_set_hyperparameter.
Result<Bytes> sudo_set_tempo(const metadata::Metadata& md, std::uint16_t netuid, std::uint16_t tempo);
Result<Bytes> sudo_set_weights_set_rate_limit(const metadata::Metadata& md, std::uint16_t netuid,
                                              std::uint64_t blocks);
Result<Bytes> sudo_set_commit_reveal_weights_enabled(const metadata::Metadata& md, std::uint16_t netuid,
                                                     bool enabled);

}  // namespace bt::subtensor
