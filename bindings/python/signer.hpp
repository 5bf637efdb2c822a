// SPDX-License-Identifier: MIT
// A signing key from a Python object: bittensor_cpp.wallet.Keypair (with its private key). Defined in
// wallet.cpp, where the Keypair binding lives. Raises TypeError for other objects, and the wallet
// module's error for a public-only Keypair.
#pragma once

#include <pybind11/pybind11.h>

#include <bt/crypto/keypair.hpp>

namespace bt::py {
const bt::crypto::Keypair& keypair_of(pybind11::handle obj);
}  // namespace bt::py
