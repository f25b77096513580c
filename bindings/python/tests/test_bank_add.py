"""BankStore.add builds a bank from media, like `vigil bank add` (the same SDK function,
vigil::add_media): pdq, md5 and sha256 of every file, entry id = the file name or `id`."""
import hashlib
import warnings

import pytest

import vigil
from conftest import make_image, write_png


def _engine(tmp_path):
    config = tmp_path / "vigil.toml"
    config.write_text(f'[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n\n'
                      f'[[bank]]\nname = "known"\ndir = "{tmp_path / "banks"}"\n')
    return vigil.Engine(str(config))


def test_add_hashes_files_and_directories_into_one_version(tmp_path):
    media = tmp_path / "media"
    (media / "sub").mkdir(parents=True)
    first = write_png(media / "a.png", make_image(1))
    second = write_png(media / "sub" / "b.png", make_image(2))
    store = vigil.BankStore(tmp_path / "banks")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # clean images: no warning
        info = store.add("known", [media], source="analyst")

    assert info.name == "known" and info.version == 1
    assert info.counts == {"md5": 2, "pdq": 2, "sha256": 2} and info.source == "analyst"
    result = _engine(tmp_path).scan(second)
    assert result.verdict == "block"
    assert {(m.entry_id, m.signal_type) for m in result.matches} == {("b.png", "md5"),
                                                                    ("b.png", "pdq")}
    assert {m.entry_id for m in _engine(tmp_path).scan(first).matches} == {"a.png"}


def test_add_is_a_delta_and_takes_an_id_for_one_file(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    store.add("known", [write_png(tmp_path / "a.png", make_image(1))])
    image = write_png(tmp_path / "b.png", make_image(2))

    info = store.add("known", [str(image)], id="case-7")

    assert info.version == 2 and info.entry_count == 6
    assert {m.entry_id for m in _engine(tmp_path).scan(image).matches} == {"case-7"}
    with pytest.raises(vigil.InvalidArgumentError, match="exactly one file"):
        store.add("known", [image, tmp_path / "a.png"], id="case-8")


def test_a_file_that_is_not_an_image_is_added_by_its_digests_with_a_warning(tmp_path):
    notes = tmp_path / "notes.bin"
    notes.write_bytes(b"not an image at all")
    store = vigil.BankStore(tmp_path / "banks")

    with pytest.warns(UserWarning, match="adding the signals that were computed"):
        info = store.add("known", [notes])

    assert info.counts == {"md5": 1, "sha256": 1}
    match = _engine(tmp_path).match([("md5", hashlib.md5(b"not an image at all").hexdigest())])
    assert [m.entry_id for m in match.matches] == ["notes.bin"]


def test_a_missing_file_changes_nothing(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    image = write_png(tmp_path / "a.png", make_image(1))
    with pytest.raises(vigil.NotFoundError):
        store.add("known", [image, tmp_path / "missing.png"])
    assert store.names() == []
