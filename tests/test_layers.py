"""The layering rule: the core never imports Textual, the UI never imports httpx or selectolax."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ktui"
UI = [PACKAGE / "app.py", PACKAGE / "commands.py", PACKAGE / "messages.py", PACKAGE / "history.py",
      *sorted((PACKAGE / "screens").glob("*.py")), *sorted((PACKAGE / "widgets").glob("*.py"))]
CORE = sorted((PACKAGE / "core").rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Top-level package names a module imports, anywhere in it (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_textual() -> None:
    offenders = {p.name for p in CORE if {"textual", "rich"} & imported(p)}
    assert not offenders


def test_ui_never_imports_http_or_html_parsing() -> None:
    assert len(UI) > 10
    offenders = {p.name for p in UI if {"httpx", "selectolax", "lxml", "trafilatura"} & imported(p)}
    assert not offenders


def test_core_loads_without_textual_at_runtime() -> None:
    code = ("import sys; import ktui.core.service, ktui.cli.commands; "
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
