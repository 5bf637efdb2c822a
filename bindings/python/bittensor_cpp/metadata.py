# SPDX-License-Identifier: MIT
"""bittensor_cpp.metadata (the bindings of the C++ module bt::metadata)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("metadata", globals())
