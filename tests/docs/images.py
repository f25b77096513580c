"""Benign generated images for the docs test: PNG and baseline JPEG, written without any
imaging library (Debian's python3 has no PIL or cv2 here)."""
import pathlib
import struct
import zlib


def _pattern(seed: int):
    """A smooth, structured pattern (so PDQ quality is high), different per seed."""
    def pixel(x: int, y: int) -> int:
        return (x * (3 + seed) + y * (5 + 2 * seed) + ((x // 16 + y // 16 + seed) % 2) * 90) % 256
    return pixel


def png_bytes(width: int = 64, height: int = 64, seed: int = 0) -> bytes:
    """An 8-bit RGB PNG."""
    pixel = _pattern(seed)
    rows = b"".join(
        b"\x00" + bytes(c for x in range(width)
                        for c in (pixel(x, y), (pixel(x, y) * 7) % 256, 255 - pixel(x, y)))
        for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# The standard luminance DC Huffman table (ITU T.81, K.3).
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALUES = list(range(12))


def _dc_codes():
    codes, code, k = {}, 0, 0
    for length, count in enumerate(_DC_BITS, start=1):
        for _ in range(count):
            codes[_DC_VALUES[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.count = 0

    def put(self, value: int, length: int):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc = self.count = 0

    def flush(self) -> bytes:
        while self.count:
            self.put(1, 1)  # pad with one bits
        return bytes(self.out)


def jpeg_bytes(width: int = 64, height: int = 64, seed: int = 0) -> bytes:
    """A greyscale baseline JPEG whose 8x8 blocks are flat (DC only): a blocky version of
    the same pattern. Width and height must be multiples of 8."""
    assert width % 8 == 0 and height % 8 == 0
    pixel = _pattern(seed)
    dc = _dc_codes()
    bits = _BitWriter()
    previous = 0
    for by in range(height // 8):
        for bx in range(width // 8):
            mean = sum(pixel(bx * 8 + i, by * 8 + j) for i in range(8) for j in range(8)) / 64
            coefficient = round(8 * (mean - 128))  # quantizer 1
            diff, previous = coefficient - previous, coefficient
            size = abs(diff).bit_length()
            code, length = dc[size]
            bits.put(code, length)
            if size:
                bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)
            bits.put(0, 1)  # AC: end of block, the only symbol of our AC table ('0')
    scan = bits.flush()

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    quant = segment(0xDB, b"\x00" + bytes([1] * 64))
    frame = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    huff_dc = segment(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALUES))
    huff_ac = segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    start = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    app0 = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    return (b"\xff\xd8" + app0 + quant + frame + huff_dc + huff_ac + start + scan +
            b"\xff\xd9")


def write_fixtures(workspace: pathlib.Path):
    """The files every document's workspace starts with (names the docs use)."""
    (workspace / "photo.jpg").write_bytes(jpeg_bytes(seed=1))
    (workspace / "upload.jpg").write_bytes(jpeg_bytes(seed=2))
    (workspace / "upload.png").write_bytes(png_bytes(seed=2))
    for name, seed in (("photos", 3), ("uploads", 5), ("reviewed", 7)):
        folder = workspace / name
        folder.mkdir()
        (folder / "a.jpg").write_bytes(jpeg_bytes(seed=seed))
        (folder / "b.png").write_bytes(png_bytes(seed=seed + 1))
