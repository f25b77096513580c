"""BankStore.import_list takes what `vigil bank import` takes: --type (default_type),
--map FIELD=COLUMN (mapping) and --type-name SPELLING=TYPE (type_names), so the mapped
formats import from Python. Values are invented."""
import json

import pytest

import vigil

MD5 = "a" * 32
SHA1 = "b" * 40


def _matches(tmp_path, *signals):
    config = tmp_path / "match.toml"
    config.write_text(f'[[bank]]\nname = "iwf"\ndir = "{tmp_path / "banks"}"\n')
    result = vigil.Engine(str(config)).match(list(signals))
    return sorted((m.entry_id, m.signal_type, m.value) for m in result.matches)


def test_mapped_csv_with_mapping_and_type_names(tmp_path):
    listing = tmp_path / "iwf.csv"
    listing.write_text("Ref,HashType,Hash,Grade\n"
                       f"r-1,MD5,{MD5},A\n"
                       f"r-2,SHA-1,{SHA1},B\n")
    store = vigil.BankStore(tmp_path / "banks")

    info = store.import_list(
        "iwf", "mapped-csv", [listing],
        mapping={"type": "HashType", "value": "Hash", "id": "Ref", "category": "Grade"},
        type_names={"SHA-1": "sha1"})

    assert info.entry_count == 2 and info.counts == {"md5": 1, "sha1": 1}
    assert info.source == "mapped-csv: iwf.csv"
    assert _matches(tmp_path, ("md5", MD5), ("sha1", SHA1)) == [
        ("r-1", "md5", MD5), ("r-2", "sha1", SHA1)]


def test_mapped_json_with_a_fixed_type(tmp_path):
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([{"hash": MD5, "id": 7}]))
    store = vigil.BankStore(tmp_path / "banks")

    info = store.import_list("iwf", "mapped-json", [listing], default_type="md5",
                             mapping={"value": "hash", "id": "id"}, source="partner")

    assert info.counts == {"md5": 1} and info.source == "partner"
    assert _matches(tmp_path, ("md5", MD5)) == [("7", "md5", MD5)]


def test_a_mapped_format_without_a_mapping_is_refused(tmp_path):
    listing = tmp_path / "iwf.csv"
    listing.write_text(f"Hash\n{MD5}\n")
    with pytest.raises(vigil.InvalidArgumentError, match="no value column"):
        vigil.BankStore(tmp_path / "banks").import_list("iwf", "mapped-csv", [listing])


def test_an_unknown_mapping_field_names_the_fields(tmp_path):
    listing = tmp_path / "iwf.csv"
    listing.write_text(f"Hash\n{MD5}\n")
    store = vigil.BankStore(tmp_path / "banks")
    with pytest.raises(vigil.InvalidArgumentError) as error:
        store.import_list("iwf", "mapped-csv", [listing], mapping={"value": "Hash", "hash": "X"})
    assert "mapping: unknown mapping field 'hash'" in str(error.value)
    assert "type, value, id, category, labels, age_band" in str(error.value)
    assert store.names() == []


def test_a_type_name_to_an_invalid_type_is_refused(tmp_path):
    listing = tmp_path / "iwf.csv"
    listing.write_text(f"T,Hash\nSHA-1,{SHA1}\n")
    with pytest.raises(vigil.InvalidArgumentError, match="type_names"):
        vigil.BankStore(tmp_path / "banks").import_list(
            "iwf", "mapped-csv", [listing], mapping={"type": "T", "value": "Hash"},
            type_names={"SHA-1": "SHA 1"})
