# SPDX-License-Identifier: MIT
"""bittensor_cpp.yuma (the bindings of the C++ module bt::yuma)."""
from bittensor_cpp._native import reexport as _reexport

__all__ = _reexport("yuma", globals())

# Yuma simulation at scale (pure-Python front end of the C++ thread pool; optional Dask).
from bittensor_cpp._yuma_sim import simulate, sweep  # noqa: E402,F401

__all__ += ["simulate", "sweep"]
