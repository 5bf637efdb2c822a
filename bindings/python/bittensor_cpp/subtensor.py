# SPDX-License-Identifier: MIT
"""bittensor_cpp.subtensor (the bindings of the C++ module bt::subtensor)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("subtensor", globals())
