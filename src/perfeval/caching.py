"""A cache for the cell readers that keeps short texts only, so memory never grows with a cell's size.

Tables repeat a few short spellings ("100", "%", "≥") endlessly, which is what
the cell readers cache; a long cell is rare and read once, and caching it would
keep it (and what was read from it) alive for the rest of the batch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeVar

#: Texts longer than this (in characters) are read without the cache.
MAX_CACHED_TEXT: Final = 64

F = TypeVar("F", bound=Callable[..., Any])
V = TypeVar("V")

_MISS: Final = object()


def keep(cache: dict[Any, Any], key: object, value: V, size: int) -> V:
    """Keep ``value`` under ``key`` in ``cache``, emptied first when it holds ``size`` entries; return ``value``.

    The readers' own caches keep what they read this way (the spellings that repeat are back within a table).

    >>> cache = {"a": 1, "b": 2}
    >>> keep(cache, "c", 3, 2), cache
    (3, {'c': 3})
    """
    if len(cache) >= size:
        cache.clear()
    cache[key] = value
    return value


class CacheInfo(NamedTuple):
    """How full a cache is (``functools.lru_cache``'s ``cache_info`` keeps more)."""

    currsize: int
    maxsize: int


def _short(value: object) -> bool:
    return value.__class__ is not str or len(value) <= MAX_CACHED_TEXT


def _arity(fn: Callable[..., Any]) -> int:
    """How many parameters ``fn`` takes: from its code, or its signature when mypyc compiled it (no ``__code__``)."""
    code = getattr(fn, "__code__", None)
    if code is not None:
        return int(code.co_argcount)
    import inspect  # only for a compiled reader: the pure path keeps it out of start-up

    return len(inspect.signature(fn).parameters)


def short_text_cache(maxsize: int) -> Callable[[F], F]:
    """A memo of a pure reader, like ``functools.lru_cache(maxsize)``, where a call with a text argument longer
    than :data:`MAX_CACHED_TEXT` characters is computed but not kept.

    The readers run on every cell of every table, so the wrapper is one dict look-up on a hit; a full
    cache is emptied rather than kept in LRU order (the spellings that repeat are back within a table).

    >>> @short_text_cache(8)
    ... def length(text: str) -> int:
    ...     return len(text)
    >>> length("abc"), length("x" * 1000), length.cache_info().currsize
    (3, 1000, 1)
    """

    def decorate(fn: F) -> F:
        cache: dict[Any, Any] = {}
        get = cache.get
        arity = _arity(fn)

        # One wrapper a signature, without a loop.
        if arity == 1:

            def call(text: Any) -> Any:
                result = get(text, _MISS)
                if result is not _MISS:
                    return result
                return keep(cache, text, fn(text), maxsize) if _short(text) else fn(text)

        elif arity == 2:

            def call(text: Any, other: Any) -> Any:  # type: ignore[misc]
                key = (text, other)
                result = get(key, _MISS)
                if result is not _MISS:
                    return result
                return keep(cache, key, fn(text, other), maxsize) if _short(text) and _short(other) else fn(text, other)

        else:

            def call(*args: Any) -> Any:  # type: ignore[misc]
                result = get(args, _MISS)
                if result is not _MISS:
                    return result
                return keep(cache, args, fn(*args), maxsize) if all(map(_short, args)) else fn(*args)

        functools.update_wrapper(call, fn)
        call.cache_info = lambda: CacheInfo(len(cache), maxsize)  # type: ignore[attr-defined]
        call.cache_clear = cache.clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate
