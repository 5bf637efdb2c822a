// SPDX-License-Identifier: MIT
// Private: the sparse and dense epoch bodies (inputs already validated).
#pragma once

#include "yuma/epoch_common.hpp"

namespace bt::yuma::detail {

EpochOutput epoch_sparse(const EpochInput& in, const Policy& p, const EpochOptions& opts);
EpochOutput epoch_spec143_sparse(const EpochInput& in, const Policy& p, const EpochOptions& opts);
EpochOutput epoch_spec143_dense(const EpochInput& in, const Policy& p, const EpochOptions& opts);
EpochOutput epoch_dense(const EpochInput& in, const Policy& p, const EpochOptions& opts);

}  // namespace bt::yuma::detail
