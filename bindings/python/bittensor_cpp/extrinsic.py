# SPDX-License-Identifier: MIT
"""bittensor_cpp.extrinsic (the bindings of the C++ module bt::extrinsic)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("extrinsic", globals())
