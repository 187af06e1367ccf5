"""How the command line words its errors: in Chinese and in English, as the findings are.

Each message says first, in Chinese and English, what kind of error it is
(from the error's code), then the details as the error gives them (in
English, with the file, table and cell).  See docs/decisions.md.
"""

from __future__ import annotations

from perfeval.errors import PerfevalError

__all__ = ["TITLES", "bilingual", "internal", "usage_error"]

#: The kind of each error code, in Chinese and English.
TITLES: dict[str, tuple[str, str]] = {
    "perfeval-error": ("无法完成", "cannot proceed"),
    "invalid-table": ("表格不符合格式", "invalid table"),
    "unreadable-cell": ("单元格无法读取", "unreadable cell"),
    "wrong-type": ("类型错误", "wrong type"),
    "not-json": ("不是JSON", "not JSON"),
    "unreadable-file": ("文件无法读取", "unreadable file"),
    "unknown-rules": ("未知的规则集", "unknown rule set"),
    "missing-extra": ("缺少可选组件", "missing extra"),
    "internal-error": ("内部错误", "internal error"),
    "too-large": ("输入超过限制", "input too large"),
    "worker-lost": ("工作进程中断", "worker lost"),
    "invalid-rules": ("规则集无效", "invalid rule set"),
}


def bilingual(error: PerfevalError) -> str:
    """The line the CLI prints for ``error`` on standard error.

    >>> print(bilingual(PerfevalError("no input: name one or more files, or use --example")))
    perfeval: 无法完成 cannot proceed: no input: name one or more files, or use --example
    """
    zh, en = TITLES.get(error.code, TITLES["perfeval-error"])
    return f"perfeval: {zh} {en}: {error}"


def internal(error: BaseException) -> str:
    """The line for a bug: said to be one, with what it was."""
    zh, en = TITLES["internal-error"]
    return f"perfeval: {zh} {en}: {type(error).__name__}: {error}"


def usage_error(message: str) -> str:
    """An argparse complaint (a bad option or value), after the command's name."""
    return f"用法错误 usage error: {message}"
