# SPDX-License-Identifier: MIT
"""bittensor_cpp.wallet (the bindings of the C++ module bt::wallet)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("wallet", globals())
