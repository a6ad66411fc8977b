"""Works around a crash of the LiteLLM proxy process (SIGSEGV in CPython's HAMT).

LiteLLM's CustomStreamWrapper.__del__ sets context variables (to restore its log correlation
ids for a stream nobody finished reading). Run by the cyclic garbage collector while another
ContextVar.set is allocating, that re-enters contextvar_set and frees the HAMT being walked:
CPython issue gh-148891, which no 3.11 release fixes. The proxy then dies with a segmentation
fault in hamt_node_bitmap_assoc, every request in flight fails and the next are refused.

Python imports this module at start-up when its folder is on PYTHONPATH (the project's launcher
and test stack put it there for the proxy only). It removes that finalizer once LiteLLM's
streaming module has loaded: what is lost is the restore of two log-correlation ids for streams
abandoned by their caller, which the task that owns them discards anyway. Nothing else changes.
"""

import importlib.abc
import importlib.util
import sys

_TARGET = "litellm.litellm_core_utils.streaming_handler"


def _remove_finalizer(module):
    wrapper = getattr(module, "CustomStreamWrapper", None)
    if wrapper is not None and "__del__" in vars(wrapper):
        del wrapper.__del__


class _PatchAfterLoad(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the streaming module through the other finders, then patches it once it has run."""

    def __init__(self):
        self._inner = None

    def find_spec(self, fullname, path, target=None):
        if fullname != _TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        self._inner = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        _remove_finalizer(module)


if _TARGET in sys.modules:
    _remove_finalizer(sys.modules[_TARGET])
else:
    sys.meta_path.insert(0, _PatchAfterLoad())
