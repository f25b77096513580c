"""The installed SDK the documentation's blocks run against, once per session."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest


def _env_path(name: str) -> pathlib.Path:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set (ctest sets it; see tests/docs/README.md)")
    return pathlib.Path(value)


@pytest.fixture(scope="session")
def source_dir() -> pathlib.Path:
    value = os.environ.get("VIGIL_SOURCE_DIR")
    return pathlib.Path(value) if value else pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def build_dir() -> pathlib.Path:
    return _env_path("VIGIL_BUILD_DIR")


@pytest.fixture(scope="session")
def work_root() -> pathlib.Path:
    value = os.environ.get("VIGIL_DOCS_WORK_DIR")
    if value:
        root = pathlib.Path(value)
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        return root
    return pathlib.Path(tempfile.mkdtemp(prefix="vigil-docs-"))


@pytest.fixture(scope="session")
def prefix(build_dir, work_root) -> pathlib.Path:
    """`cmake --install BUILD --prefix WORK/prefix`, as a user installs the SDK."""
    target = work_root / "prefix"
    result = subprocess.run(["cmake", "--install", str(build_dir), "--prefix", str(target)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"cmake --install failed:\n{result.stdout}{result.stderr}"
    return target


@pytest.fixture(scope="session")
def python_dir(prefix) -> pathlib.Path:
    """Where the installed `vigil` Python package lives (the directory holding `vigil/`)."""
    found = sorted(prefix.glob("lib*/python3*/*-packages/vigil/__init__.py"))
    assert found, f"the vigil Python package was not installed under {prefix}"
    return found[0].parent.parent
