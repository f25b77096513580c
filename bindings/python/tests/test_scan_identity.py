"""Every result and every per-item error says which input it is about (ScanResult.path,
VigilError.path), so callers never zip results with inputs."""
import pickle
from pathlib import Path

import pytest

import vigil


@pytest.fixture
def engine():
    return vigil.Engine.from_toml(
        '[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n')


def test_scan_result_path_is_the_path_given(engine, images):
    paths, arrays = images
    assert engine.scan(paths[0]).path is paths[0]
    assert engine.scan(str(paths[1])).path == str(paths[1])
    assert engine.scan(paths[0].read_bytes()).path is None
    assert engine.scan(arrays[0]).path is None
    assert engine.scan(paths[0].read_bytes(), path="s3://bucket/key").path == "s3://bucket/key"
    assert engine.scan(arrays[0], path=("row", 7)).path == ("row", 7)
    assert engine.match([vigil.pdq(arrays[0])]).path is None


def test_scan_many_results_and_errors_carry_their_path(engine, images, tmp_path):
    paths, _ = images
    missing = tmp_path / "missing.png"
    items = [paths[0], missing, str(paths[2]), ("upload-9", paths[3].read_bytes())]

    out = list(engine.scan_many(items, jobs=2, return_exceptions=True))

    assert isinstance(out[1], vigil.NotFoundError)
    assert out[1].path == missing
    assert [item.path for item in out] == [paths[0], missing, str(paths[2]), "upload-9"]
    assert out[3].signals == engine.scan(paths[3]).signals


def test_a_raised_scan_error_carries_its_path(engine, tmp_path):
    missing = tmp_path / "missing.png"
    with pytest.raises(vigil.NotFoundError) as error:
        engine.scan(missing)
    assert error.value.path == missing
    with pytest.raises(vigil.NotFoundError) as error:
        next(engine.scan_many([str(missing)]))
    assert error.value.path == str(missing)
    assert vigil.VigilError("x").path is None


def test_path_pickles_and_counts_in_equality(engine, images):
    paths, _ = images
    result = engine.scan(str(paths[0]))
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.path == str(paths[0])
    assert engine.scan(paths[0].read_bytes(), path=str(paths[0])).signals == result.signals
    assert engine.scan(paths[0], path="other") != engine.scan(paths[0])


def test_repr_of_a_result_never_shows_the_path(engine, tmp_path, images):
    paths, _ = images
    private = Path(paths[0]).rename(tmp_path / "alice-holiday.png")
    assert "alice" not in repr(engine.scan(private))
