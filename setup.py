"""Build hook: compile the translation catalogs (and copy resources/) into the package when a wheel is built.

Everything else is in pyproject.toml. ``i18n/<lang>/*.po`` (one file per area) are merged and
compiled into ``secretariat_app/locale/<lang>/LC_MESSAGES/messages.mo`` inside the build, which
pyproject's package-data ships; an installed program then finds its catalogs without the sources.
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _runtime_i18n():
    """secretariat_app/i18n.py loaded by path: the build environment has Babel, not our package."""
    spec = importlib.util.spec_from_file_location("_secretariat_i18n", ROOT / "secretariat_app" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogs(build_py):
    """build_py, then the compiled catalogs written into the build's package folder."""

    def run(self):
        super().run()
        # Icons and report artwork live at the top of the source tree (resources/); an installed
        # program finds them inside the package (gui/widgets resources_dir, pdf/fonts).
        resources = ROOT / "resources"
        if resources.is_dir():
            shutil.copytree(resources, Path(self.build_lib) / "secretariat_app" / "resources", dirs_exist_ok=True)
        src = ROOT / "i18n"
        if not src.is_dir():
            return
        i18n = _runtime_i18n()
        for lang in i18n.LANGUAGES:
            if not (src / lang).is_dir():
                continue
            target = Path(self.build_lib) / "secretariat_app" / "locale" / lang / "LC_MESSAGES" / "messages.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(i18n.compile_catalog_bytes(lang, src))
            self.announce(f"compiled {target}", level=2)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
