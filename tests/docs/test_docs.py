"""Every fenced block of README.md and docs/*.md runs, or says why not.

Each document gets one fresh workspace (a temporary directory, the blocks' working
directory), and its blocks run in order there, like a doctest session, against the SDK
installed into a temporary prefix (`cmake --install`, once per session; each workspace
gets its own hard-linked copy in `prefix/`, so a document may deploy a plugin into it).
The workspace starts with these benign generated files, whose names the docs use:

    photo.jpg, upload.jpg     greyscale baseline JPEGs (64x64)
    upload.png                an RGB PNG (64x64)
    photos/, uploads/, reviewed/   a.jpg and b.png each
    build -> the build tree   (build/tests/portal_server/vigil_test_portal, as in a checkout)
    samples -> the source tree's samples/

and this environment: PATH starts with PREFIX/bin; PYTHONPATH is the installed Python
package's directory; VIGIL_PREFIX is the prefix (docs write `${VIGIL_PREFIX:-/usr/local}`);
HOME, TMPDIR, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CONFIG_HOME, VIGIL_BANK_DIR
(WORKSPACE/banks) and VIGIL_OUTBOX (WORKSPACE/outbox.db) point inside the workspace; other
VIGIL_* variables are removed. Nothing outside the workspace and the prefix is written.

A block fails on an unexpected exit code, and on a warning or error: a `[warn]`/`[error]`
log line or a JSON log line at warn or above on standard error, or a `warning:` (the
compiler's, the CLI's, Python's `UserWarning:`) or `CMake Warning` in its output, unless
it says `allow-warnings`. The roles are described in blocks.py and
tests/docs/README.md.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time

import pytest

from blocks import find_blocks
from images import write_fixtures

_SOURCE = pathlib.Path(os.environ.get("VIGIL_SOURCE_DIR") or
                       pathlib.Path(__file__).resolve().parents[2])
DOCUMENTS = [_SOURCE / "README.md"] + sorted((_SOURCE / "docs").glob("*.md"))

_LOG_WARNING = re.compile(
    r"\[(warn|warning|error|critical)\]|\"level\"\s*:\s*\"(warn|warning|error|critical)\"",
    re.IGNORECASE)
# A compiler's, CMake's, the CLI's or Python's warning (`warning:`, `UserWarning:`), which
# a build prints on standard output or error.
_BUILD_WARNING = re.compile(r"warning:|CMake Warning", re.IGNORECASE)
_TIMEOUT = 300
# Fragments are parts of a function: unused names in them are not a fault of the docs.
_CXXFLAGS = ["-std=c++20", "-Wall", "-Wextra", "-Werror", "-Wno-unused-variable",
             "-Wno-unused-but-set-variable", "-Wno-unused-parameter"]


def _relative(path: pathlib.Path) -> str:
    return str(path.relative_to(_SOURCE))


def test_every_block_says_what_it_is():
    """An unmarked block, an unknown role or option fails, naming file:line."""
    problems = [f"{_relative(b.path)}:{b.line}: {b.problem}"
                for path in DOCUMENTS for b in find_blocks(path) if b.problem]
    assert not problems, ("fenced blocks without a valid role (see tests/docs/README.md):\n" +
                          "\n".join(problems))


def _json_documents(text: str):
    """The JSON documents in `text` (one, or several such as JSON lines); an example's
    elisions (`[...]`, a bare `...`) become null. None when it is not JSON."""
    text = re.sub(r'\[\s*\.\.\.\s*\]|(?<![\w".])\.\.\.(?![\w"])', "null", text)
    decoder, documents, index = json.JSONDecoder(), [], 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index == len(text):
            return documents
        try:
            document, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            return None
        documents.append(document)


def _compare(shown, real, where: str, problems: list):
    """Every object of the example has exactly the keys of the real one at the same place
    (values differ from run to run and are not compared; null in the example elides)."""
    if shown is None:
        return
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            problems.append(f"{where}: the example shows an object, the output has {real!r}")
            return
        if set(shown) - set(real):
            problems.append(f"{where}: the output has no {sorted(set(shown) - set(real))}")
        if set(real) - set(shown):
            problems.append(f"{where}: the example lacks {sorted(set(real) - set(shown))}")
        for key in set(shown) & set(real):
            _compare(shown[key], real[key], f"{where}.{key}", problems)
    elif isinstance(shown, list) and isinstance(real, list):
        for i, (a, b) in enumerate(zip(shown, real)):
            _compare(a, b, f"{where}[{i}]", problems)


def _check_output(block, last) -> str:
    """A JSON example right after a run block (nothing but blank lines between) must have
    the shape of the real output: the same keys in every object it shows."""
    if last is None or block.language != "json":
        return ""
    end, stdout = last
    lines = block.path.read_text(encoding="utf-8").splitlines()[end:block.line - 1]
    if any(line.strip() for line in lines):
        return ""  # prose between: an example of something else
    shown, real = _json_documents(block.text), _json_documents(stdout)
    if shown is None:
        return "the example is not JSON (elide with [...] or ...)"
    if real is None:
        return f"the command before it did not print JSON:\n{stdout}"
    problems = []
    for i, (a, b) in enumerate(zip(shown, real)):
        _compare(a, b, f"document {i + 1}", problems)
    if problems:
        return ("the example does not have the shape of the real output:\n" +
                "\n".join(problems) + f"\n--- real output ---\n{stdout}")
    return ""


class Workspace:
    """One document's session: its directory, environment and background processes."""

    def __init__(self, root: pathlib.Path, installed: pathlib.Path, python_dir: pathlib.Path,
                 build_dir: pathlib.Path):
        self.root = root
        # The document's own copy of the installed prefix (hard links: cheap), so a
        # document that deploys a plugin into it does not change what the others see.
        root.mkdir(parents=True)
        prefix = root / "prefix"
        subprocess.run(["cp", "-al", str(installed), str(prefix)], check=True)
        python_dir = prefix / python_dir.relative_to(installed)
        self.prefix = prefix
        self.scratch = root / ".docs-test"
        for sub in ("home", "tmp", "xdg-data", "xdg-state", "xdg-config", ".docs-test"):
            (root / sub).mkdir()
        write_fixtures(root)
        (root / "build").symlink_to(build_dir)
        (root / "samples").symlink_to(_SOURCE / "samples")
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
        env.update({
            "PATH": f"{prefix / 'bin'}:/usr/bin:/bin",
            "PYTHONPATH": str(python_dir),
            "VIGIL_PREFIX": str(prefix),
            "HOME": str(root / "home"),
            "TMPDIR": str(root / "tmp"),
            "XDG_DATA_HOME": str(root / "xdg-data"),
            "XDG_STATE_HOME": str(root / "xdg-state"),
            "XDG_CONFIG_HOME": str(root / "xdg-config"),
            "VIGIL_BANK_DIR": str(root / "banks"),
            "VIGIL_OUTBOX": str(root / "outbox.db"),
        })
        env.pop("PYTHONHOME", None)
        self.env = env
        self.background = []
        self.prelude = {}       # language -> hidden text for its next run/compile block
        self.last_stdout = None  # (end line, stdout) of the block before, for `output`

    def close(self):
        for process in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

    def _script(self, block, suffix: str, text: str) -> pathlib.Path:
        path = self.scratch / f"block-{block.line}{suffix}"
        path.write_text(text)
        return path

    def _run(self, block, command) -> str:
        """Runs `command`; returns a problem description, or '' when the block passed."""
        try:
            result = subprocess.run(command, cwd=self.root, env=self.env, capture_output=True,
                                    text=True, timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"timed out after {_TIMEOUT} s"
        (self.scratch / f"block-{block.line}.out").write_text(
            f"exit {result.returncode}\n--- stdout ---\n{result.stdout}"
            f"--- stderr ---\n{result.stderr}")
        expected = int(block.options.get("exit", 0))
        problem = ""
        if result.returncode != expected:
            problem = f"exit {result.returncode}, expected {expected}"
        elif "allow-warnings" not in block.options and (
                _LOG_WARNING.search(result.stderr) or
                _BUILD_WARNING.search(result.stdout + result.stderr)):
            problem = "a warning or error in its output (add allow-warnings if intended)"
        self.last_stdout = (block.end, result.stdout)
        if problem:
            return (f"{problem}\n--- block ---\n{block.text}--- stdout ---\n{result.stdout}"
                    f"--- stderr ---\n{result.stderr}")
        return ""

    def run(self, block) -> str:
        role, language = block.role, block.language
        last_stdout, self.last_stdout = self.last_stdout, None
        if role == "output":
            return _check_output(block, last_stdout)
        if role == "skip":
            return ""
        if role == "file":
            target = self.root / block.value
            target.parent.mkdir(parents=True, exist_ok=True)
            if "append" in block.options:
                with open(target, "a") as out:
                    out.write(block.text)
            else:
                target.write_text(block.text)
            if "mode" in block.options:
                target.chmod(int(block.options["mode"], 8))
            return ""
        if role == "prelude":
            self.prelude[language] = self.prelude.get(language, "") + block.text
            return ""
        if role == "compile":
            return self._compile(block)
        if role == "run" and language in ("sh", "bash", "shell", "console"):
            script = self._script(block, ".sh", block.text)
            return self._run(block, ["bash", "-euo", "pipefail", str(script)])
        if role == "run" and language in ("python", "py", "python3"):
            script = self._script(block, ".py", self.prelude.pop(language, "") + block.text)
            return self._run(block, ["/usr/bin/python3", str(script)])
        if role == "background" and language in ("sh", "bash", "shell"):
            return self._start(block)
        return f"role '{role}' is not supported for language '{language}'"

    def _start(self, block) -> str:
        script = self._script(block, ".sh", block.text)
        with open(self.scratch / f"block-{block.line}.log", "w") as log:
            process = subprocess.Popen(["bash", "-eu", str(script)], cwd=self.root,
                                       env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.background.append(process)
        port = block.options.get("wait-port")
        if port:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    return (f"exited with {process.returncode} before port {port} opened:\n"
                            + (self.scratch / f"block-{block.line}.log").read_text())
                try:
                    socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
                except OSError:
                    time.sleep(0.1)
                    continue
                time.sleep(0.2)  # someone else's server on the port: ours exits
                if process.poll() is not None:
                    return (f"exited with {process.returncode} (port {port} in use?):\n" +
                            (self.scratch / f"block-{block.line}.log").read_text())
                return ""
            return f"port {port} did not open within 30 s"
        return ""

    def _compile(self, block) -> str:
        """Leading #include lines stay at file scope. A block with a declaration at the
        start of a line (`class`, `struct`, `namespace`, a VIGIL_..._PLUGIN macro) is a
        whole file; any other block is a fragment: the body of a function, after the
        hidden `prelude` blocks before it."""
        lines = block.text.splitlines()
        includes = []
        while lines and (lines[0].startswith("#include") or not lines[0].strip()):
            includes.append(lines.pop(0))
        body = "\n".join(lines)
        file_scope = re.search(r"^(class|struct|namespace|VIGIL_[A-Z_]+PLUGIN)\b", body,
                               re.MULTILINE)
        prelude = self.prelude.pop(block.language, "")
        if file_scope:
            source = "\n".join(includes) + "\n" + prelude + body + "\n"
        else:
            source = ("\n".join(includes) + "\n\n[[maybe_unused]] static void docs_snippet() {\n" +
                      prelude + body + "\n}\n")
        path = self._script(block, ".cpp", source)
        command = ["c++", *_CXXFLAGS, f"-I{self.prefix / 'include'}", "-c", str(path), "-o",
                   str(path.with_suffix(".o"))]
        problem = self._run(block, command)
        return problem and problem + f"--- compiled as ---\n{source}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=_relative)
def test_document_blocks_run(document, prefix, python_dir, build_dir, work_root):
    blocks = find_blocks(document)
    invalid = [f"{b.where}: {b.problem}" for b in blocks if b.problem]
    assert not invalid, "blocks without a valid role:\n" + "\n".join(invalid)
    workspace = Workspace(work_root / document.stem, prefix, python_dir, build_dir)
    failures = []
    try:
        for block in blocks:
            problem = workspace.run(block)
            if problem:
                failures.append(f"{_relative(block.path)}:{block.line} ({block.language} "
                                f"{block.role}): {problem}")
    finally:
        workspace.close()
    assert not failures, f"{len(failures)} block(s) failed:\n\n" + "\n\n".join(failures)
