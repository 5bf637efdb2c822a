// SPDX-License-Identifier: MIT
// Umbrella header of the typed SCALE codec: bt::scale::encode / decode / decode_next, Encoder,
// Decoder, Compact<T>, BitVec, u128/i128/U256/I256 and DecodeError. See codec.hpp for the type list
// and docs/scale.md for a guide.
#pragma once

#include <bt/scale/bitvec.hpp>
#include <bt/scale/codec.hpp>
#include <bt/scale/compact.hpp>
#include <bt/scale/decoder.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/scale/error.hpp>
#include <bt/scale/types.hpp>
