# SPDX-License-Identifier: MIT
"""bittensor_cpp.scale (the bindings of the C++ module bt::scale)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("scale", globals())
