"""Vigil: hash uploads and match them against hotline hash lists, from Python.

The heavy lifting happens in the compiled core ``vigil._vigil`` (libvigil and the PDQ
core); every native call releases the GIL. See docs/python.md.

    >>> import vigil, numpy as np
    >>> h = vigil.pdq(np.zeros((64, 64, 3), np.uint8))
    >>> vigil.hash_file("upload.jpg")            # {'pdq': PdqHash(...), 'md5': '...'}
    >>> engine = vigil.Engine("vigil.toml")
    >>> engine.scan("upload.jpg").verdict        # 'allow' | 'review' | 'block'
"""
from ._vigil import (  # noqa: F401
    DIHEDRAL_NAMES,
    BankError,
    BankInfo,
    BankStore,
    ConfigError,
    DecodeError,
    Engine,
    InvalidArgumentError,
    IoError,
    Match,
    NotFoundError,
    PdqHash,
    PluginError,
    PluginInfo,
    ReportQueue,
    ScanError,
    ScanIterator,
    ScanResult,
    Signal,
    VigilError,
    __version__,
    configure_logging,
    hash_bytes,
    hash_file,
    library_directory,
    outbox_status,
    pdq,
    pdq_dihedral,
    plugin_search_path,
    plugins,
    reported_file,
    run_reports,
)

__all__ = [
    "DIHEDRAL_NAMES",
    "BankError",
    "BankInfo",
    "BankStore",
    "ConfigError",
    "DecodeError",
    "Engine",
    "InvalidArgumentError",
    "IoError",
    "Match",
    "NotFoundError",
    "PdqHash",
    "PluginError",
    "PluginInfo",
    "ReportQueue",
    "ScanError",
    "ScanIterator",
    "ScanResult",
    "Signal",
    "VigilError",
    "__version__",
    "configure_logging",
    "hash_bytes",
    "hash_file",
    "library_directory",
    "outbox_status",
    "pdq",
    "pdq_dihedral",
    "plugin_search_path",
    "plugins",
    "reported_file",
    "run_reports",
    "cli_executable",
]

# Libraries are quiet in Python: libvigil logs warnings and errors only, unless
# $VIGIL_LOG_LEVEL says otherwise (trace, debug, info, warn, error, off).
def _quiet_by_default():
    import os

    try:
        configure_logging(os.environ.get("VIGIL_LOG_LEVEL", "warn"))
    except InvalidArgumentError:
        configure_logging("warn")


_quiet_by_default()


def cli_executable():
    """Path of the ``vigil`` command matching this package's libvigil, or None.

    Looks next to libvigil (``<libdir>/../bin/vigil``: the install prefix or the build
    tree), then on PATH.
    """
    import os
    import shutil

    candidate = os.path.join(os.fspath(library_directory()), os.pardir, "bin", "vigil")
    if os.access(candidate, os.X_OK):
        return os.path.normpath(candidate)
    return shutil.which("vigil")
