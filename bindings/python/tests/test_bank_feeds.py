"""A feed delivered as several pages is applied page by page, in order, as one bank version.

The pages here are made-up NCMEC-shaped XML with invented values.
"""
from pathlib import Path

import pytest

import vigil

MD5 = {name: (digit * 32) for name, digit in [("kept", "1"), ("deleted", "2"),
                                               ("old", "3"), ("new", "4")]}


def page(path, *records):
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<queryResult><images>\n'
        + "\n".join(records) + "\n</images></queryResult>\n")
    return path


def image(entry_id, md5):
    return (f"<image><id>{entry_id}</id><fingerprints><md5>{md5}</md5></fingerprints>"
            "</image>")


def deleted(entry_id):
    return f"<deletedImage><id>{entry_id}</id></deletedImage>"


def matches(tmp_path, *values):
    config = tmp_path / "match.toml"
    config.write_text(f'[[bank]]\nname = "ncmec"\ndir = "{tmp_path / "banks"}"\n')
    result = vigil.Engine(str(config)).match([("md5", value) for value in values])
    return sorted((m.entry_id, m.value) for m in result.matches)


def test_later_pages_delete_and_update_what_earlier_pages_added(tmp_path):
    page1 = page(tmp_path / "page1.xml", image("kept", MD5["kept"]),
                 image("deleted", MD5["deleted"]), image("updated", MD5["old"]))
    page2 = page(tmp_path / "page2.xml", deleted("deleted"), image("updated", MD5["new"]))
    store = vigil.BankStore(tmp_path / "banks")

    info = store.import_list("ncmec", "ncmec-xml", [page1, page2])

    assert info.version == 1 and info.entry_count == 2
    assert matches(tmp_path, *MD5.values()) == [("kept", MD5["kept"]), ("updated", MD5["new"])]


def test_a_page_may_re_add_what_an_earlier_page_deleted(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    store.import_list("ncmec", "ncmec-xml",
                      [page(tmp_path / "day1.xml", image("back", MD5["kept"]))])
    pages = [page(tmp_path / "page1.xml", deleted("back")),
             page(tmp_path / "page2.xml", image("back", MD5["kept"]))]

    assert store.import_list("ncmec", "ncmec-xml", pages).version == 2
    assert matches(tmp_path, MD5["kept"]) == [("back", MD5["kept"])]


def test_a_bad_page_changes_nothing(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    store.import_list("ncmec", "ncmec-xml",
                      [page(tmp_path / "day1.xml", image("a", MD5["kept"]))])
    pages = [page(tmp_path / "page1.xml", deleted("a")),
             page(tmp_path / "page2.xml", image("b", "not-an-md5"))]

    with pytest.raises(vigil.VigilError, match="page2.xml"):
        store.import_list("ncmec", "ncmec-xml", pages)
    assert store.info("ncmec").version == 1
    assert matches(tmp_path, MD5["kept"]) == [("a", MD5["kept"])]
