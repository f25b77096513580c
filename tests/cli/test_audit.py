"""`vigil audit verify` as an operator runs it, on logs written here from the documented
format (docs/audit.md), independently of libvigil."""
import hashlib
import json


def _canonical(seq, time, event, fields, prev):
    compact = dict(separators=(",", ":"), ensure_ascii=False)
    return ('{"seq":%d,"time":%s,"event":%s,"fields":%s,"prev":"%s"}'
            % (seq, json.dumps(time), json.dumps(event),
               json.dumps(fields, sort_keys=True, **compact), prev))


def write_log(path, count):
    """Writes `count` records and the head; returns the lines (without newlines)."""
    lines, prev = [], "0" * 64
    for seq in range(1, count + 1):
        fields = {"row_id": seq, "request_id": f"R-{seq}", "code": 200}
        canonical = _canonical(seq, "2026-11-29T14:00:00.%03dZ" % seq, "api_call", fields, prev)
        prev = hashlib.sha256(canonical.encode()).hexdigest()
        lines.append(canonical[:-1] + ',"hash":"%s"}' % prev)
    path.write_text("".join(line + "\n" for line in lines))
    (path.parent / (path.name + ".head")).write_text('{"seq":%d,"hash":"%s"}\n' % (count, prev))
    return lines


def test_intact_log(vigil, tmp_path):
    log = tmp_path / "audit.log"
    write_log(log, 25)
    assert vigil("audit", "verify", log, check_code=0).stdout == "intact: 25 records\n"
    out = json.loads(vigil("audit", "verify", log, "--json", check_code=0).stdout)
    assert out == {"intact": True, "records": 25, "first_bad_line": 0, "problem": ""}


def test_edited_record_names_its_line(vigil, tmp_path):
    log = tmp_path / "audit.log"
    lines = write_log(log, 25)
    lines[9] = lines[9].replace('"code":200', '"code":500')
    log.write_text("".join(line + "\n" for line in lines))
    result = vigil("audit", "verify", log, check_code=1)
    assert "NOT intact: line 10 has a hash that does not match" in result.stdout
    out = json.loads(vigil("audit", "verify", "--json", log, check_code=1).stdout)
    assert out["intact"] is False
    assert out["first_bad_line"] == 10 and out["records"] == 9
    assert "line 10" in out["problem"]


def test_removed_last_record_is_caught_by_the_head(vigil, tmp_path):
    log = tmp_path / "audit.log"
    lines = write_log(log, 25)
    log.write_text("".join(line + "\n" for line in lines[:-1]))
    out = json.loads(vigil("audit", "verify", "--json", log, check_code=1).stdout)
    assert out["first_bad_line"] == 25 and out["records"] == 24
    assert "head records seq 25" in out["problem"]


def test_unreadable_log_exits_2(vigil, tmp_path):
    result = vigil("audit", "verify", tmp_path / "missing.log", check_code=2)
    assert "not_found" in result.stderr and "missing.log" in result.stderr
    result = vigil("audit", "verify", tmp_path, "--json", check_code=2)
    assert json.loads(result.stdout)["error"]["code"] == "io_error"
