"""vigil.outbox_status(): what an operator's dashboard reads about reports in flight."""
import pytest

import vigil

STATES = ["pending", "submitted", "files_uploaded", "details_sent", "finishing", "handed_off",
          "filed", "retracted", "failed"]


def test_a_new_outbox_reports_every_state_at_zero(tmp_path):
    status = vigil.outbox_status(str(tmp_path / "outbox.db"))
    assert list(status["counts"]) == STATES
    assert set(status["counts"].values()) == {0}
    assert status["oldest_pending_age_seconds"] is None
    assert status["failed"] == []


def test_a_file_that_is_not_an_outbox_is_an_io_error(tmp_path):
    bogus = tmp_path / "outbox.db"
    bogus.write_bytes(b"definitely not sqlite" * 100)
    with pytest.raises(vigil.IoError) as raised:
        vigil.outbox_status(str(bogus))
    assert raised.value.code == "io_error"


def test_the_default_path_follows_vigil_outbox(tmp_path, monkeypatch):
    monkeypatch.setenv("VIGIL_OUTBOX", str(tmp_path / "env.db"))
    assert vigil.outbox_status()["counts"]["pending"] == 0
    assert (tmp_path / "env.db").exists()


def test_paths_may_be_str_or_pathlib(tmp_path):
    outbox = tmp_path / "outbox.db"
    queue = vigil.ReportQueue(outbox, tmp_path / "audit.jsonl")
    del queue
    assert vigil.outbox_status(outbox)["counts"]["pending"] == 0
    assert vigil.outbox_status(str(outbox))["counts"]["pending"] == 0
    assert (tmp_path / "audit.jsonl").exists()
