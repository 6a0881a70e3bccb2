"""The wheel holds briefs.tui, briefs.index and briefs.config, and nothing at the top level."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_builds_and_imports_from_itself(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("tui", "index", "config"):
        shutil.copytree(ROOT / folder, src / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("briefs-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("briefs-")}
    assert tops == {"briefs"}, tops
    for needed in ("briefs/tui/cli.py", "briefs/tui/app.tcss", "briefs/index/store.py",
                   "briefs/config/default.yaml", "briefs/index/demo/kessler-wire.md"):
        assert needed in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import briefs.tui.cli, briefs.index.library, briefs.config.settings, sys;"
            "from briefs.index import demo;"
            "assert briefs.index.library.__file__.startswith(sys.argv[1]);"
            "assert len(demo.files()) >= 6;"
            "print(briefs.config.settings.defaults()['search']['limit'])")
    result = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "20"
