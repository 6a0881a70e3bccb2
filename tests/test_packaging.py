"""The wheel holds briefs.tui, briefs.index (with its rooms) and briefs.config, nothing at the
top level, and once installed in a fresh venv it runs the demo library headless."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def _clean_copy(dest: Path) -> None:
    """The files a clean clone has: those git tracks (as they are in the work tree), or the
    package folders where this is no git checkout."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, dest / name)
        return
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("tui", "index", "config"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))


def _fresh_venv(where: Path) -> Path:
    """A new venv that sees this one's dependencies but not its (editable) briefs."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True,
                   timeout=120)
    python = where / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True, check=True)
    # A path line in a .pth file adds the folder but runs none of its own .pth files, so the
    # editable install of this checkout stays invisible to the new venv.
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def test_wheel_from_a_clean_clone_runs_the_demo_in_a_fresh_venv(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _clean_copy(src)
    out = tmp_path / "dist"
    # No build isolation: an isolated build would fetch setuptools from the network.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("briefs-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("briefs-")}
    assert tops == {"briefs"}, tops
    for needed in ("briefs/tui/cli.py", "briefs/tui/app.tcss", "briefs/index/store.py",
                   "briefs/index/sources/ingest.py", "briefs/index/search/searchindex.py",
                   "briefs/index/claims/compare.py", "briefs/index/stories/grid.py",
                   "briefs/config/default.yaml", "briefs/index/demo/kessler-wire.md"):
        assert needed in names, needed

    python = _fresh_venv(tmp_path / "venv")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                             "-q", "--no-deps", "--no-index", str(wheel)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    briefs = tmp_path / "venv" / "bin" / "briefs"
    env = {**os.environ, "BRIEFS_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)

    def run(*args: str) -> str:
        done = subprocess.run([str(briefs), *args], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([str(python), "-c", "import briefs.index; print(briefs.index.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout + where.stderr

    listing = run("--demo", "list")
    assert "Kessler" in listing
    articles = json.loads(run("--demo", "list", "--json"))
    bridge = [a["id"] for a in articles if "kessler" in (a["title"] or "").lower()
              or "bridge" in (a["title"] or "").lower()]
    assert len(bridge) >= 2, articles
    compared = json.loads(run("--demo", "compare", bridge[0], bridge[1], "--json"))
    assert compared["a"]["id"] == bridge[0] and compared["b"]["id"] == bridge[1]
    assert compared["pairs"], compared["summary"]
