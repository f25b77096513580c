"""``python3 -m vigil ...`` runs the ``vigil`` command with the same arguments.

It delegates to the executable installed with this package's libvigil (or the one on
PATH), so the subcommands, options, output and exit codes are exactly the CLI's.
"""
import os
import sys

from . import cli_executable


def main() -> int:
    exe = cli_executable()
    if exe is None:
        print("python3 -m vigil: the vigil command was not found next to libvigil "
              "or on PATH", file=sys.stderr)
        return 127
    os.execv(exe, [exe] + sys.argv[1:])
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main())
