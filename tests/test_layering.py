"""The layering rule of STYLE.md: core, db, pdf and io never import Qt (nor the GUI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import importlib, importlib.abc, pkgutil, sys

class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError(f"{name} is blocked: this layer must not import Qt")
        return None

sys.meta_path.insert(0, BlockQt())
failed = []
count = 0
for pkg_name in ("secretariat_app.core", "secretariat_app.db", "secretariat_app.pdf", "secretariat_app.io"):
    pkg = importlib.import_module(pkg_name)
    names = [pkg_name] + [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg_name + ".")]
    for name in names:
        if ".migrations" in name:
            continue  # Alembic scripts, run by Alembic
        try:
            importlib.import_module(name)
            count += 1
        except Exception as exc:
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
gui = sorted(m for m in sys.modules if m.startswith("secretariat_app.gui") or m.split(".")[0] in ("PySide6", "shiboken6"))
print(f"imported {count} modules")
for f in failed:
    print("FAILED", f)
for m in gui:
    print("GUI", m)
sys.exit(1 if failed or gui else 0)
"""


def test_core_db_pdf_io_import_without_qt():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "imported" in proc.stdout
