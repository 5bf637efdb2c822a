# SPDX-License-Identifier: MIT
"""bittensor_cpp.yuma (the bindings of the C++ module bt::yuma)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("yuma", globals())
