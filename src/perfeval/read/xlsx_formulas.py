"""Formula cells an ``.xlsx`` holds without a saved value, by sheet: they read as blank, so they are reported.

A workbook written by a program (openpyxl, a generator) keeps ``=SUM(…)`` with
no value until Excel or LibreOffice opens and saves it; openpyxl then gives
``None`` for the cell.  perfeval never reads such a cell as blank silently:
the table holding it is refused at that cell (see :mod:`perfeval.read.form`).
The sheets' XML is read once more, only where it holds a formula at all.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from perfeval.read.grid import Pos

__all__ = ["UNSAVED_FORMULA", "unsaved_formulas"]

UNSAVED_FORMULA = "a formula without a saved value: open and save the workbook in Excel or LibreOffice first"

_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_OFFICE_DOCUMENT = "/officeDocument"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's part in the archive, by its sheet name (from the package and workbook relationships)."""
    root_rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    book = next(
        (r.get("Target", "") for r in root_rels if r.get("Type", "").endswith(_OFFICE_DOCUMENT)), "xl/workbook.xml"
    ).lstrip("/")
    folder, name = posixpath.split(book)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for element in ElementTree.fromstring(archive.read(book)).iter():
        if _local(element.tag) == "sheet" and element.get(_REL_ID) in targets:
            target = targets[element.get(_REL_ID)]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            parts[element.get("name", "")] = path
    return parts


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-20:]
    return False


def _unsaved_in(archive: zipfile.ZipFile, part: str) -> frozenset[Pos]:
    """The cells of one sheet part holding a formula and no saved value (a string result may be empty)."""
    found: set[Pos] = set()
    with archive.open(part) as stream:
        for _, element in ElementTree.iterparse(stream):
            if _local(element.tag) != "c":
                continue
            children = {_local(child.tag): child for child in element}
            value = children.get("v")
            saved = value is not None and (bool(value.text) or element.get("t") == "str")
            ref = _REF.fullmatch(element.get("r", ""))
            if "f" in children and not saved and ref is not None:
                col = 0
                for letter in ref.group(1):
                    col = col * 26 + ord(letter) - 64
                found.add((int(ref.group(2)), col))
            element.clear()
    return frozenset(found)


def unsaved_formulas(path: Path) -> dict[str, frozenset[Pos]]:
    """Cells holding a formula without a saved value, by sheet name; ``{}`` when the file cannot tell.

    A damaged package is left for openpyxl to report.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            out = {}
            for sheet, part in _sheet_parts(archive).items():
                if part in archive.namelist() and _has_formula(archive, part):
                    cells = _unsaved_in(archive, part)
                    if cells:
                        out[sheet] = cells
            return out
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
