"""Match.acted_on tells whether a rule acted on the match (vigil::Match::acted_on)."""
import hashlib
import pickle

import vigil
from conftest import make_image, write_png


def test_acted_on_says_which_matches_a_rule_fired_on(tmp_path):
    image = write_png(tmp_path / "a.png", make_image(1))
    listing = tmp_path / "list.txt"
    listing.write_text(f"pdq {vigil.pdq(make_image(1))}\n"
                       f"md5 {hashlib.md5(image.read_bytes()).hexdigest()}\n")
    vigil.BankStore(tmp_path / "banks").import_list("known", "lines", [listing])
    engine = vigil.Engine.from_toml(
        f'[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n\n'
        f'[[bank]]\nname = "known"\ndir = "{tmp_path / "banks"}"\n\n'
        f'[[rule]]\nbanks = ["known"]\nsignal_types = ["md5"]\nverdict = "review"\n')

    result = engine.scan(image)

    assert result.verdict == "review"
    assert {m.signal_type: m.acted_on for m in result.matches} == {"md5": True, "pdq": False}
    assert [pickle.loads(pickle.dumps(m)).acted_on for m in result.matches] == [
        m.acted_on for m in result.matches]
    assert "acted_on=" in repr(result.matches[0])
