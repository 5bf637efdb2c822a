# SPDX-License-Identifier: MIT
"""bittensor_cpp.fixed (the bindings of the C++ module bt::fixed)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("fixed", globals())
