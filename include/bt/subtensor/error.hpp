// SPDX-License-Identifier: MIT
// Error codes of the subtensor module (category "bt.subtensor").
#pragma once

#include <bt/error.hpp>

namespace bt::subtensor {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/subtensor/error.cpp) are both generated from this list.
#define BT_SUBTENSOR_ERROR_CODES(X)                                        \
  /* a weight < 0 (bittensor raises ValueError) */                         \
  X(negative_weight, 1, "negative weight")                                 \
  /* a uid < 0 */                                                          \
  X(negative_uid, 2, "negative uid")                                       \
  /* a uid > 65535 (does not fit the chain's u16) */                       \
  X(uid_out_of_range, 3, "uid does not fit u16")                           \
  /* NaN or infinity */                                                    \
  X(non_finite_weight, 4, "weight is NaN or infinite")                     \
  /* uids and weights of different lengths */                              \
  X(length_mismatch, 5, "uids and weights differ in length")               \
  /* no uids/weights at all (bittensor: min() of an empty list raises) */  \
  X(empty_input, 6, "no uids/weights")                                     \
  /* a fraction or tolerance outside its allowed range */                  \
  X(fraction_out_of_range, 7, "value out of range")                        \
  /* an argument that cannot be processed (e.g. index past num_neurons) */ \
  X(invalid_argument, 8, "invalid argument")                               \
  /* a Balance result above u64 rao or below zero */                       \
  X(balance_overflow, 40, "balance out of range")                          \
  /* Balance arithmetic mixing TAO and alpha, or two subnets' alpha */     \
  X(unit_mismatch, 41, "balances of different units")                      \
  /* an amount that is not a decimal with at most 9 decimals */            \
  X(invalid_amount, 42, "invalid amount")                                  \
  /* the connected runtime has no such storage item / runtime API */       \
  X(unsupported_by_runtime, 43, "not supported by the connected runtime")  \
  /* unknown network name */                                               \
  X(unknown_network, 44, "unknown network")                                \
  /* Subtensor::set_weights: the pre-flight found problems (message) */    \
  X(weights_rejected, 45, "set_weights would fail on chain")               \
  /* a stored drand pulse that is malformed or does not verify */          \
  X(invalid_drand_pulse, 46, "invalid drand pulse")                        \
  /* the runtime's Drand storage has another shape than we decode */       \
  X(drand_layout_mismatch, 47, "unexpected Drand storage layout")

enum class SubtensorError { BT_SUBTENSOR_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(SubtensorError, subtensor_category);

}  // namespace bt::subtensor

template <>
struct std::is_error_code_enum<bt::subtensor::SubtensorError> : std::true_type {};
