# SPDX-License-Identifier: MIT
"""Re-exports the native extension's areas (``_core.<area>``) as real modules ``bittensor_cpp.<area>``.

Each ``bittensor_cpp/<area>.py`` calls :func:`reexport`, so ``import bittensor_cpp.crypto`` and
``from bittensor_cpp.crypto import blake2b_256`` work like for any Python package, and the names are the
same objects as in the extension (``bittensor_cpp.crypto.blake2b_256 is _core.crypto.blake2b_256``).
``_core`` itself is an implementation detail: nothing is documented through it.
"""
import types

from . import _core


def native_area(area):
    """The extension's submodule for `area` (dotted for nested ones, e.g. "crypto.sr25519")."""
    obj = _core
    for part in area.split("."):
        obj = getattr(obj, part, None)
        if not isinstance(obj, types.ModuleType):
            raise ImportError(
                "bittensor_cpp was built without the '%s' module (see BT_MODULES)" % area)
    return obj


def reexport(area, namespace):
    """Copies the public names of `_core.<area>` into `namespace` and returns them (for __all__).

    Nested native submodules are skipped: each has its own Python module file. Names with one leading
    underscore (test hooks) are copied but not listed."""
    native = native_area(area)
    names = []
    for key, value in vars(native).items():
        if key.startswith("__") or isinstance(value, types.ModuleType):
            continue
        namespace[key] = value
        if not key.startswith("_"):
            names.append(key)
    doc = getattr(native, "__doc__", None)
    if doc and not namespace.get("__doc__"):
        namespace["__doc__"] = doc
    return sorted(names)
