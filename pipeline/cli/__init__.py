"""The `scenes` command: a thin layer over the Python API.

`base` holds the group and the one place errors become messages and exit codes; each command
family has its module (`export`: validate, export, formats, schema, template; `newsletter`;
`review`). Importing them here registers them; none imports this package back.
"""

from __future__ import annotations

import os

from pipeline.cli import export, newsletter, review  # noqa: F401  (registers the commands)
from pipeline.cli.base import cli


def main() -> None:
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="scenes")


__all__ = ["cli", "main"]
