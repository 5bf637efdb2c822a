# SPDX-License-Identifier: MIT
"""bittensor_cpp.timelock (the bindings of the C++ timelock encryption, bt::crypto timelock)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("timelock", globals())
