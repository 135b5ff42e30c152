"""Review every .docx in a folder with the `scenes review` command, in this one process, and
report each outcome as a JSON line, then this process's peak memory.

    python hostile_run.py FOLDER DATASET

Run as a child process by test_hostile_documents.py, so the peak it reports is review's own.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    from pipeline.cli import cli

    folder, dataset = Path(sys.argv[1]), sys.argv[2]
    for document in sorted(folder.glob("*.docx")):
        err = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main(["review", str(document), "--source", dataset], prog_name="scenes")
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {"name": document.stem, "exit": code, "stderr": err.getvalue(), "seconds": seconds}
            )
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    print(json.dumps({"peak_bytes": peak}))


if __name__ == "__main__":
    main()
