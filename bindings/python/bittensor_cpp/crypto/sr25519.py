# SPDX-License-Identifier: MIT
"""bittensor_cpp.crypto.sr25519: schnorrkel sr25519 as Substrate uses it (keypairs as bytes tuples)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("crypto.sr25519", globals())
