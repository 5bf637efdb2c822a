# SPDX-License-Identifier: MIT
"""bittensor_cpp.client (the bindings of the C++ module bt::client)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("client", globals())
