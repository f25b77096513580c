"""Finds the fenced code blocks of a Markdown document and parses their info strings.

Every fenced block must say what it is, after its language word (GitHub shows only the
language):

    ```sh run                      bash -euo pipefail in the document's workspace
    ```sh run exit=1               ... and must exit 1
    ```sh background               started, left running until the document ends
    ```python run                  /usr/bin/python3 in the document's workspace
    ```toml file=vigil.toml        written to the workspace, for later blocks
    ```cpp compile                 compiled against the installed SDK (see README.md here)
    ```cpp prelude                 hidden declarations for the next compile block
    ```json output                 example output: shown, not run
    ```sh skip="why"               not run, with the reason

Options after the role: `exit=N` (run), `allow-warnings` (run, compile),
`wait-port=N` (background: wait until 127.0.0.1:N accepts connections),
`mode=0600` and `append` (file). A `json output` block right after a run block (nothing
but blank lines between) must have the real output's shape: the same keys in each object
it shows (`[...]` and `...` elide). A `python prelude`
is prepended to the next python run block, like a `cpp prelude` to the next compile. A block inside an HTML comment that starts with `<!-- docs-test` is
hidden from readers and runs like any other.
"""
import dataclasses
import pathlib
import re
import shlex

ROLES = ("run", "background", "file", "compile", "prelude", "output", "skip")
OPTIONS = ("exit", "allow-warnings", "wait-port", "mode", "append")

_FENCE = re.compile(r"^(?P<indent> {0,3}|\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclasses.dataclass
class Block:
    path: pathlib.Path
    line: int          # 1-based line of the opening fence
    language: str
    role: str          # one of ROLES, or "" when the block has none (an error)
    value: str         # file=PATH -> PATH, skip="reason" -> reason
    options: dict
    text: str
    hidden: bool
    end: int = 0       # 1-based line of the closing fence
    problem: str = ""  # why the info string is invalid, if it is

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def _parse_info(info: str):
    """(language, role, value, options, problem) of an info string."""
    try:
        words = shlex.split(info)
    except ValueError as error:
        return "", "", "", {}, f"cannot parse the info string: {error}"
    if not words:
        return "", "", "", {}, "no language and no role"
    language, rest = words[0], words[1:]
    if not rest:
        return language, "", "", {}, (
            f"no role after the language '{language}' (one of: {', '.join(ROLES)})")
    role, _, value = rest[0].partition("=")
    if role not in ROLES:
        return language, role, value, {}, (
            f"unknown role '{role}' (one of: {', '.join(ROLES)})")
    if role in ("file", "skip") and not value.strip():
        return language, role, value, {}, f"'{role}=' needs a value"
    options = {}
    for word in rest[1:]:
        name, equals, option_value = word.partition("=")
        if name not in OPTIONS:
            return language, role, value, {}, (
                f"unknown option '{name}' (one of: {', '.join(OPTIONS)})")
        options[name] = option_value if equals else True
    return language, role, value, options, ""


def find_blocks(path: pathlib.Path) -> list:
    """Every fenced block of the document, hidden ones included, in order."""
    blocks = []
    lines = path.read_text(encoding="utf-8").splitlines()
    hidden = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("<!-- docs-test"):
            hidden = True
        match = _FENCE.match(line)
        if match and match["fence"][0] == "`" and "`" in match["info"]:
            match = None  # inline code at the start of a line (CommonMark: not a fence)
        if match:
            indent, fence, info = match["indent"], match["fence"], match["info"].strip()
            body = []
            j = i + 1
            while j < len(lines):
                closing = lines[j].strip()
                if closing.startswith(fence) and closing.strip(fence[0]) == "":
                    break
                body.append(lines[j][len(indent):] if lines[j].startswith(indent) else
                            lines[j].lstrip())
                j += 1
            language, role, value, options, problem = _parse_info(info)
            blocks.append(Block(path, i + 1, language, role, value, options,
                                "\n".join(body) + "\n", hidden, j + 1, problem))
            i = j + 1
            continue
        if hidden and "-->" in line:
            hidden = False
        i += 1
    return blocks
