"""A cache for the cell readers that keeps short texts only, so memory never grows with a cell's size.

Tables repeat a few short spellings ("100", "%", "≥") endlessly, which is what
the cell readers cache; a long cell is rare and read once, and caching it would
keep it (and what was read from it) alive for the rest of the batch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

#: Texts longer than this (in characters) are read without the cache.
MAX_CACHED_TEXT = 64

F = TypeVar("F", bound=Callable[..., Any])


def short_text_cache(maxsize: int) -> Callable[[F], F]:
    """Like ``functools.lru_cache(maxsize)``, but a call with a text argument longer than :data:`MAX_CACHED_TEXT`
    characters bypasses the cache.

    >>> @short_text_cache(8)
    ... def length(text: str) -> int:
    ...     return len(text)
    >>> length("abc"), length("x" * 1000), length.cache_info().currsize
    (3, 1000, 1)
    """

    def decorate(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        arity = fn.__code__.co_argcount

        # One wrapper a signature, without a loop: these readers run on every cell of every table.
        if arity == 1:

            def call(text: Any) -> Any:
                return cached(text) if text.__class__ is not str or len(text) <= MAX_CACHED_TEXT else fn(text)

        elif arity == 2:

            def call(text: Any, other: Any) -> Any:  # type: ignore[misc]
                if (text.__class__ is str and len(text) > MAX_CACHED_TEXT) or (
                    other.__class__ is str and len(other) > MAX_CACHED_TEXT
                ):
                    return fn(text, other)
                return cached(text, other)

        else:

            def call(*args: Any) -> Any:  # type: ignore[misc]
                for arg in args:
                    if isinstance(arg, str) and len(arg) > MAX_CACHED_TEXT:
                        return fn(*args)
                return cached(*args)

        functools.update_wrapper(call, fn)
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return cast("F", call)

    return decorate
