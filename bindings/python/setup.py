"""Wheel of the vigil Python package, built by CMake from the repository root.

    /usr/bin/python3 -m build --no-isolation --wheel bindings/python

setuptools runs CMake on the repository (RelWithDebInfo like scripts/, tests and
benchmarks off, VIGIL_PYTHON_WHEEL on), installs stripped into a scratch prefix and packages
vigil/ with _vigil, libvigil (vigil/lib), the bundled plugins (vigil/lib/vigil/plugins) and
the vigil command (vigil/bin). The wheel links Debian bookworm's system libraries (OpenCV,
spdlog, OpenSSL, ...): it is for bookworm machines with the runtime packages of
scripts/install-deps, not a manylinux wheel.
Environment: VIGIL_SOURCE_DIR (default: two levels up), VIGIL_WHEEL_BUILD_DIR (reuse a
CMake build directory), VIGIL_WHEEL_JOBS (default 2).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("VIGIL_SOURCE_DIR", HERE.parents[1]))


def version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return text.split("project(vigil VERSION ", 1)[1].split()[0]


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = Path(os.environ.get("VIGIL_WHEEL_BUILD_DIR", Path(self.build_temp) / "cmake"))
        prefix = Path(self.build_temp).resolve() / "prefix"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.check_call([
            "cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
            "-DVIGIL_BUILD_TESTS=OFF", "-DVIGIL_BUILD_BENCHMARKS=OFF", "-DVIGIL_BUILD_PYTHON=ON",
            "-DVIGIL_PYTHON_WHEEL=ON", f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCMAKE_INSTALL_PREFIX={prefix}", "-DVIGIL_PYTHON_INSTALL_DIR=python"])
        subprocess.check_call(["cmake", "--build", str(build), "-j",
                               os.environ.get("VIGIL_WHEEL_JOBS", "2")])
        subprocess.check_call(
            ["cmake", "--install", str(build), "--prefix", str(prefix), "--strip"])
        package = Path(self.get_ext_fullpath(ext.name)).parent
        package.mkdir(parents=True, exist_ok=True)
        for f in (prefix / "python" / "vigil").iterdir():
            shutil.copy2(f, package / f.name)
        libdir = next(p.parent for p in prefix.glob("lib*/libvigil.so.0"))
        (package / "lib").mkdir(exist_ok=True)
        shutil.copy2(libdir / "libvigil.so.0", package / "lib" / "libvigil.so.0")
        shutil.copytree(libdir / "vigil" / "plugins", package / "lib" / "vigil" / "plugins",
                        dirs_exist_ok=True)
        (package / "bin").mkdir(exist_ok=True)
        shutil.copy2(prefix / "bin" / "vigil", package / "bin" / "vigil")
        # The CLI's RPATH is $ORIGIN/../<libdir>; inside the wheel that is vigil/lib.
        if libdir.name != "lib":
            subprocess.check_call(["patchelf", "--set-rpath", "$ORIGIN/../lib",
                                   str(package / "bin" / "vigil")])


setup(
    name="vigil",
    version=version(),
    description="Hash, match and report known abuse material in upload pipelines",
    packages=["vigil"],
    package_dir={"vigil": "vigil"},
    package_data={"vigil": ["py.typed", "_vigil.pyi"]},
    ext_modules=[Extension("vigil._vigil", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.11",
    install_requires=["numpy"],
    zip_safe=False,
)
