"""A griffe extension for the API reference: render perfeval's docstrings as Markdown.

perfeval's docstrings are written for ``pytest --doctest-modules`` and for a
reader of the source: bare ``>>>`` examples, reST ``::`` literal blocks and
Sphinx roles (``:func:`attrs.evolve```).  Markdown would read ``>>>`` as three
nested block quotes, so this extension, before mkdocstrings parses a
docstring, turns

- every run of ``>>>`` lines (with the output lines that follow) into a
  fenced ``pycon`` block,
- a paragraph ending in ``::`` and its indented block into a fenced block,
- ``:role:`target``` into the code span ``target`` (``~a.b`` shows ``b``).

It changes only what the documentation shows, never the docstrings, so the
doctests keep running exactly as written.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|obj|exc|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


def _fence(lines: list[str]) -> list[str]:
    body = textwrap.dedent("\n".join(lines)).strip("\n").splitlines()
    lang = "pycon" if body and body[0].lstrip().startswith(">>>") else "text"
    return [f"```{lang}", *body, "```"]


def markdown(text: str) -> str:
    """The docstring ``text`` with doctests and literal blocks fenced."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            out.append(line)
            i += 1
            continue
        if in_fence:
            out.append(line)
            i += 1
            continue
        if stripped.endswith("::") and not stripped.startswith(">>>"):
            # reST literal block: the indented lines after a blank line.
            out.append(_ROLE.sub(_role, line.rstrip()[:-1]))
            indent = len(line) - len(line.lstrip())
            j = i + 1
            block: list[str] = []
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
                block.append(lines[j])
                j += 1
            while block and not block[-1].strip():
                block.pop()
                j -= 1
            if block:
                out += ["", *_fence(block)]
                i = j
            else:
                i += 1
            continue
        if stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            if out and out[-1].strip():
                out.append("")
            out += [indent + b for b in _fence(block)]
            if i < len(lines):
                out.append("")
            continue
        out.append(_ROLE.sub(_role, line))
        i += 1
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence doctests and reST literal blocks, and flatten Sphinx roles."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and not obj.is_alias:
            obj.docstring.value = markdown(obj.docstring.value)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # The root package itself does not go through on_object.
        if pkg.docstring is not None:
            pkg.docstring.value = markdown(pkg.docstring.value)
