import csv
import pickle

import numpy as np
import pytest

import vigil
from conftest import read_ppm, make_image


def _rows(vectors, name):
    with open(vectors / "pdq" / "expected" / name, newline="") as f:
        return list(csv.DictReader(f))


def test_pdq_matches_cpp_vectors(vectors):
    rows = _rows(vectors, "pdq-core-pixels.csv")
    assert rows
    for row in rows:
        pixels = read_ppm(vectors / "pdq" / "pixels" / row["pixels_file"])
        assert pixels.shape[:2] == (int(row["height"]), int(row["width"]))
        h = vigil.pdq(pixels)
        assert str(h) == row["pdq_hex"], row["pixels_file"]
        assert h.quality == int(row["quality"]), row["pixels_file"]


def test_pdq_dihedral_matches_cpp_vectors(vectors):
    rows = _rows(vectors, "pdq-dihedral-core-pixels.csv")
    by_file = {}
    for row in rows:
        by_file.setdefault(row["pixels_file"], {})[row["transform"]] = row
    for name, expected in by_file.items():
        got = vigil.pdq_dihedral(read_ppm(vectors / "pdq" / "pixels" / name))
        assert list(got) == list(vigil.DIHEDRAL_NAMES)
        for transform, row in expected.items():
            assert str(got[transform]) == row["pdq_hex"], (name, transform)
            assert got[transform].quality == int(row["quality"])


@pytest.mark.parametrize("view", [
    lambda a: a[::2, ::2],            # pixel stride 6: compacted
    lambda a: a[10:80, 7:101],        # crop: viewed in place with a longer row stride
    lambda a: a[:, :, ::-1],          # BGR <-> RGB reversed channels
    lambda a: a[::-1],                # negative row stride
    lambda a: a[:, ::-1],             # negative pixel stride
    lambda a: np.asfortranarray(a),   # column-major
    lambda a: a.transpose(1, 0, 2),   # transposed
])
def test_strided_views_hash_like_contiguous_copies(view):
    base = make_image(7, 120, 160)
    v = view(base)
    assert vigil.pdq(v) == vigil.pdq(np.ascontiguousarray(v))
    assert str(vigil.pdq(v)) == str(vigil.pdq(v.copy()))


def test_grey_and_strided_grey():
    grey = make_image(3)[..., 1]
    assert vigil.pdq(grey[::3, 1::2]) == vigil.pdq(np.ascontiguousarray(grey[::3, 1::2]))
    assert vigil.pdq(grey).quality == 100


def test_pdq_is_exact_with_the_engine(tmp_path):
    # The same pixels through the hashing plugin (PNG -> decoder -> engine) give the same hash.
    from conftest import write_png
    a = make_image(11)
    path = write_png(tmp_path / "x.png", a)
    assert vigil.hash_file(path)["pdq"] == vigil.pdq(a)


@pytest.mark.parametrize("bad", [
    np.zeros((8, 8, 3), np.float32),
    np.zeros((8, 8, 3), np.uint16),
    np.zeros((8, 8, 3), np.int8),
    np.zeros((8, 8, 4), np.uint8),
    np.zeros((8,), np.uint8),
    np.zeros((2, 8, 8, 3), np.uint8),
])
def test_wrong_dtype_or_shape_is_value_error(bad):
    with pytest.raises(ValueError, match="uint8|shape"):
        vigil.pdq(bad)
    with pytest.raises(ValueError):
        vigil.pdq_dihedral(bad)


def test_not_an_array_is_type_error():
    with pytest.raises(TypeError):
        vigil.pdq("not an array")


def test_tiny_image_is_zero_hash():
    h = vigil.pdq(np.zeros((3, 3, 3), np.uint8))
    assert str(h) == "0" * 64 and h.quality == 0
    assert vigil.pdq(np.zeros((0, 0, 3), np.uint8)).quality == 0


def test_hash_object():
    a, b = vigil.pdq(make_image(1)), vigil.pdq(make_image(2))
    assert isinstance(str(a), str) and len(str(a)) == 64
    assert a - a == 0 and a - b == b - a == a.distance(b) > 0
    same = vigil.PdqHash.from_hex(str(a).upper())
    assert same == a and hash(same) == hash(a) and same.quality is None
    assert len({a, b, same}) == 2 and {a: 1}[same] == 1
    assert a != str(a)
    assert repr(a) == f"PdqHash('{a}', quality={a.quality})"
    with pytest.raises(ValueError):
        vigil.PdqHash.from_hex("xyz")
    with pytest.raises(ValueError):
        vigil.PdqHash.from_hex(str(a), quality=101)


def test_pickling_round_trip():
    a = vigil.pdq(make_image(4))
    b = pickle.loads(pickle.dumps(a))
    assert b == a and b.quality == a.quality and str(b) == str(a)
    d = pickle.loads(pickle.dumps(vigil.pdq_dihedral(make_image(4))))
    assert d["orig"] == vigil.pdq_dihedral(make_image(4))["orig"]
