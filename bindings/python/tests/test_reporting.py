"""Filing from Python: a reviewer confirms a match, enqueues the case durably, and the
bundled file reporter delivers it (no network needed)."""
import json

import numpy as np
import pytest

import vigil
from conftest import write_png


def _config(tmp_path):
    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["md5", "sha256"]

[[reporter]]
name = "review"
plugin = "org.vigil.portal"
kind = "file"
path = "{tmp_path / 'delivered.jsonl'}"

[outbox]
path = "{tmp_path / 'outbox.db'}"

[audit]
path = "{tmp_path / 'audit.jsonl'}"
""")
    return config


def test_enqueue_run_and_deliver(tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, np.full((24, 24, 3), 90, np.uint8))
    scan = vigil.Engine(str(config)).scan(str(image))
    file = vigil.reported_file(scan, str(image), "upload.png")
    assert len(file["hashes"]["sha256"]) == 64
    file["viewed_by_person"] = True  # a reviewer looked at it

    queue = vigil.ReportQueue(str(tmp_path / "outbox.db"), str(tmp_path / "audit.jsonl"))
    rows = queue.enqueue("case-py", ["review"], [file], uploader={"esp_identifier": "u-1"})
    assert rows == [{"row_id": 1, "created": True}]
    assert queue.enqueue("case-py", ["review"], [file])[0]["created"] is False

    assert vigil.run_reports(str(config))["filed"] == 1
    assert vigil.outbox_status(str(tmp_path / "outbox.db"))["counts"]["filed"] == 1
    delivered = json.loads((tmp_path / "delivered.jsonl").read_text().splitlines()[0])
    assert delivered["report"]["files"][0]["viewed_by_person"] is True
    assert delivered["report"]["uploader"]["esp_identifier"] == "u-1"


def test_bad_input_raises_from_the_vigil_hierarchy(tmp_path):
    queue = vigil.ReportQueue(str(tmp_path / "outbox.db"))
    with pytest.raises(vigil.InvalidArgumentError):
        queue.enqueue("", ["review"], [{"location": "/x"}])
    with pytest.raises(ValueError):
        queue.enqueue("c", ["review"], [{"file_name": "no location"}])
    with pytest.raises(vigil.ConfigError):
        (tmp_path / "bad.toml").write_text("[[reporter]]\nname = 1\n")
        vigil.run_reports(str(tmp_path / "bad.toml"))
