# SPDX-License-Identifier: MIT
"""bittensor_cpp.metagraph (the bindings of the C++ module bt::metagraph)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("metagraph", globals())
