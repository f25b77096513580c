"""Fixtures for testing the `vigil` command as a user runs it."""
import os
import pathlib
import struct
import subprocess
import zlib

import pytest


def _vigil_binary() -> pathlib.Path:
    path = os.environ.get("VIGIL_BIN")
    if not path:
        pytest.skip("VIGIL_BIN is not set (ctest sets it to the built vigil)")
    return pathlib.Path(path)


@pytest.fixture(scope="session")
def vigil():
    """Runs `vigil ARGS...`; returns the CompletedProcess (text mode)."""
    binary = _vigil_binary()

    def run(*args, stdin_bytes=None, check_code=None):
        result = subprocess.run([str(binary), *map(str, args)], input=stdin_bytes,
                                capture_output=True, timeout=300)
        result.stdout = result.stdout.decode()
        result.stderr = result.stderr.decode()
        if check_code is not None:
            assert result.returncode == check_code, result.stderr
        return result

    return run


@pytest.fixture(scope="session")
def vectors() -> pathlib.Path:
    root = pathlib.Path(os.environ.get("VIGIL_VECTORS_DIR", ""))
    if not (root / "pdq").is_dir():
        pytest.skip(f"conformance vectors not found at '{root}' (set VIGIL_VECTORS_DIR)")
    return root


def write_png(path: pathlib.Path, width: int, height: int, pixel=None,
              declared=None) -> bytes:
    """Writes an 8-bit RGB PNG; `declared` overrides the (width, height) in IHDR."""
    pixel = pixel or (lambda x, y: ((x * 7) % 256, (y * 5) % 256, ((x + y) * 3) % 256))
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    w, h = declared or (width, height)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    path.write_bytes(data)
    return data
