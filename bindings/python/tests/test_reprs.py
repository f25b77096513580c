"""The user-facing classes print something useful, and nothing personal."""
import re

import vigil
from conftest import make_image, write_png


def test_engine_repr_names_detectors_and_bank_versions(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    store.add("known", [write_png(tmp_path / "a.png", make_image(1))])
    config = tmp_path / "vigil.toml"
    config.write_text(f'[[detector]]\nplugin = "org.vigil.hashing"\n\n'
                      f'[[bank]]\nname = "known"\ndir = "{tmp_path / "banks"}"\n')
    engine = vigil.Engine(str(config))
    assert repr(engine) == (
        "<vigil.Engine detectors=['org.vigil.hashing'] banks=['known@v1']>")


def test_bank_store_repr_names_directory_and_bank_count(tmp_path):
    store = vigil.BankStore(tmp_path / "banks")
    assert repr(store) == f"<vigil.BankStore {str(tmp_path / 'banks')!r} banks=0>"
    store.add("known", [write_png(tmp_path / "a.png", make_image(1))])
    assert repr(store) == f"<vigil.BankStore {str(tmp_path / 'banks')!r} banks=1>"


def test_scan_iterator_and_report_queue_reprs(tmp_path):
    engine = vigil.Engine.from_toml('[[detector]]\nplugin = "org.vigil.hashing"\n')
    assert repr(engine.scan_many([], jobs=3)) == (
        "<vigil.ScanIterator jobs=3 return_exceptions=False>")
    outbox = tmp_path / "outbox.db"
    assert repr(vigil.ReportQueue(str(outbox))) == f"<vigil.ReportQueue {str(outbox)!r}>"


def test_no_public_class_prints_as_a_bare_object(tmp_path, images):
    paths, arrays = images
    engine = vigil.Engine.from_toml('[[detector]]\nplugin = "org.vigil.hashing"\n')
    result = engine.scan(paths[0])
    objects = [engine, vigil.BankStore(tmp_path), engine.scan_many([]), result,
               result.signals[0], vigil.pdq(arrays[0]), engine.plugins()[0],
               vigil.ReportQueue(str(tmp_path / "o.db"))]
    for obj in objects:
        assert not re.search(r"object at 0x", repr(obj)), repr(obj)
