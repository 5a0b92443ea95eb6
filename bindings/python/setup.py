"""Builds the extension badport._badport with CMake, from the badport source tree two folders
up (or BADPORT_SOURCE_DIR), against Debian's pybind11; the rest is pyproject.toml.

Environment:
  BADPORT_SOURCE_DIR        the badport source tree (default: ../..)
  BADPORT_PYTHON_BUILD_DIR  the CMake build folder, kept between builds (default: under build/)
  BADPORT_CMAKE_ARGS        more arguments for the CMake configure step
  CMAKE_BUILD_PARALLEL_LEVEL  parallel compile jobs (default 2)
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
SOURCE = Path(os.environ.get("BADPORT_SOURCE_DIR") or HERE.parent.parent).resolve()


def project_version() -> str:
    """The version of the C++ project (its CMakeLists.txt), which the module also reports."""
    text = (SOURCE / "CMakeLists.txt").read_text(encoding="utf-8")
    found = re.search(r"project\(\s*badport\s+VERSION\s+([0-9][0-9.]*)", text)
    if not found:
        sys.exit(f"badport: no project version in {SOURCE / 'CMakeLists.txt'}")
    return found.group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        import pybind11

        if not (SOURCE / "include" / "badport" / "decision.h").is_file():
            sys.exit(f"badport: {SOURCE} is not the badport source tree; set BADPORT_SOURCE_DIR")
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        build = Path(os.environ.get("BADPORT_PYTHON_BUILD_DIR") or Path(self.build_temp).resolve() / "cmake")
        configure = [
            "cmake", f"-S{SOURCE}", f"-B{build}",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DBADPORT_BUILD_PYTHON=ON", "-DBADPORT_BUILD_CLI=OFF", "-DBADPORT_BUILD_TESTS=OFF",
            "-DBADPORT_INSTALL=OFF", "-DBADPORT_STATIC_DEPS=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-Dpybind11_DIR={pybind11.get_cmake_dir()}",
            f"-DBADPORT_PYTHON_OUTPUT_DIR={target.parent}",
        ]
        if not (build / "CMakeCache.txt").exists() and shutil.which("ninja"):
            configure.append("-GNinja")
        if shutil.which("ccache"):
            configure += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        configure += shlex.split(os.environ.get("BADPORT_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "badport_python", "--parallel", jobs], check=True)
        if not target.is_file():
            sys.exit(f"badport: CMake did not write {target} (is it another Python than {sys.executable}?)")


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("badport._badport")],
    cmdclass={"build_ext": CMakeBuild},
)
