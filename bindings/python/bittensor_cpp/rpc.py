# SPDX-License-Identifier: MIT
"""bittensor_cpp.rpc (the bindings of the C++ module bt::rpc)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("rpc", globals())
