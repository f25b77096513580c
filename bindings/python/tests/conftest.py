"""Puts the build tree's staged `vigil` package first on sys.path and provides helpers.

The package is found via $VIGIL_PYTHON_PATH (set by ctest), else <repo>/build/python.
Conformance vectors are read in place from $VIGIL_VECTORS_DIR, else <repo>/../shared/vectors;
tests that need them skip when they are absent.
"""
import os
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]
STAGED = Path(os.environ.get("VIGIL_PYTHON_PATH", REPO / "build" / "python"))
if not (STAGED / "vigil").is_dir():
    raise RuntimeError(
        f"no staged vigil package at {STAGED}: build first (cmake --build build), "
        "or set VIGIL_PYTHON_PATH to <build>/python")
sys.path.insert(0, str(STAGED))

VECTORS = Path(os.environ.get("VIGIL_VECTORS_DIR", REPO.parent / "shared" / "vectors"))
SAMPLES = REPO / "samples" / "python"
# Test plugins of the C++ suites (built when VIGIL_BUILD_TESTS is on).
TEST_PLUGINDIR = Path(os.environ.get("VIGIL_TEST_PLUGINDIR",
                                     STAGED.parent / "tests" / "plugins-out"))


def write_png(path, pixels):
    """Writes an (H, W, 3) uint8 array as an 8-bit RGB PNG (no external imaging library)."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    Path(path).write_bytes(png)
    return Path(path)


def make_image(seed, h=96, w=128):
    """A smooth, structured RGB image (PDQ quality 100), different for each seed."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        fx, fy, phase = rng.uniform(0.02, 0.15), rng.uniform(0.02, 0.15), rng.uniform(0, 6.3)
        img[..., c] = 127.5 + 127.5 * np.sin(fx * x + fy * y + phase) * np.cos(0.05 * x * rng.uniform(0.2, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


def read_ppm(path):
    """Reads a binary (P6) PPM into an (H, W, 3) uint8 array."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # exactly one whitespace byte after maxval
    assert fields[0] == b"P6" and int(fields[3]) == 255, path
    w, h = int(fields[1]), int(fields[2])
    return np.frombuffer(data, np.uint8, w * h * 3, pos).reshape(h, w, 3)


@pytest.fixture
def vectors():
    if not (VECTORS / "pdq" / "pixels").is_dir():
        pytest.skip(f"conformance vectors absent at {VECTORS} (set VIGIL_VECTORS_DIR)")
    return VECTORS


@pytest.fixture
def images(tmp_path):
    """Five generated PNGs in tmp_path/images; returns (paths, arrays)."""
    folder = tmp_path / "images"
    folder.mkdir()
    arrays = [make_image(seed) for seed in range(5)]
    paths = [write_png(folder / f"img{i}.png", a) for i, a in enumerate(arrays)]
    return paths, arrays
