"""Keep numba's on-disk cache consistent with the package's sources.

numba invalidates a cached function only when *its own* source file changes,
not when a compiled function it calls (in another module) does; a stale
cache then silently runs old physics. Before the compiled modules are
imported, this compares a hash of all of calfpump's compiled sources with
the one recorded beside the cache, and drops calfpump's cached machine code
when they differ. Installed releases are unaffected (their files change
together); this protects development checkouts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_COMPILED = (
    "_jit.py", "tube_law.py", "valves.py", "gait.py", "hydrostatics.py", "interstitium.py", "model.py",
    "solver.py", "_leg_kernels.py",
)
_STAMP = "calfpump-sources.sha256"


def sources_digest() -> str:
    """SHA-256 (hex) of all of calfpump's compiled sources, computed once per process."""
    global _DIGEST
    if _DIGEST is None:
        here = Path(__file__).parent
        digest = hashlib.sha256()
        for name in _COMPILED:
            digest.update((here / name).read_bytes())
        _DIGEST = digest.hexdigest()
    return _DIGEST


_DIGEST: str | None = None


def ensure_fresh_cache() -> None:
    here = Path(__file__).parent
    digest = sources_digest()
    cache = here / "__pycache__"
    stamp = cache / _STAMP
    try:
        if stamp.is_file() and stamp.read_text() == digest:
            return
        for f in list(cache.glob("*.nbi")) + list(cache.glob("*.nbc")):
            f.unlink()
        cache.mkdir(exist_ok=True)
        stamp.write_text(digest)
    except OSError:
        # read-only install: numba then caches in its user folder, keyed to these files
        pass
