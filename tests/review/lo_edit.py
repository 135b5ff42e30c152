"""Edit documents in LibreOffice itself, as an editor would, and save them as .docx.

Runs under a Python that has LibreOffice's `uno` module (often the system's /usr/bin/python3,
not the project's), so it imports nothing from the project:

    python3 lo_edit.py jobs.json

jobs.json: {"profile": folder, "jobs": [{"in": path, "out": path, "steps": [...]}]}, where a
step is {"set": bookmark, "text": …}, {"split": bookmark, "after": …}, {"append": text},
{"paste": bookmark} (tests/review/docxedit.py describes them; here fields are bookmark names) or
{"record": true|false}, Track Changes (Edit > Track Changes > Record) on or off.
One LibreOffice process does every job.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

PARAGRAPH_BREAK = 0


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, process):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # NoConnectException until LibreOffice listens
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.2)


def step(doc, todo):
    marks = doc.getBookmarks()
    text = doc.getText()
    if "record" in todo:
        doc.setPropertyValue("RecordChanges", bool(todo["record"]))
    elif "set" in todo:
        marks.getByName(todo["set"]).getAnchor().setString(todo["text"])
    elif "split" in todo:
        anchor = marks.getByName(todo["split"]).getAnchor()
        at = anchor.getString().index(todo["after"]) + len(todo["after"])
        cursor = anchor.getText().createTextCursorByRange(anchor.getStart())
        cursor.goRight(at, False)
        cursor.goRight(1, True)
        if cursor.getString() == " ":
            cursor.setString("")
        cursor.collapseToStart()
        anchor.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    elif "append" in todo:
        text.insertControlCharacter(text.getEnd(), PARAGRAPH_BREAK, False)
        text.insertString(text.getEnd(), todo["append"], False)
    elif "paste" in todo:
        controller = doc.getCurrentController()
        controller.select(marks.getByName(todo["paste"]).getAnchor())
        copied = controller.getTransferable()
        text.insertControlCharacter(text.getEnd(), PARAGRAPH_BREAK, False)
        controller.getViewCursor().gotoEnd(False)
        controller.insertTransferable(copied)
    else:
        raise ValueError(f"LibreOffice cannot do {todo}")


def main():
    work = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    pipe = f"scenes_test_{os.getpid()}"
    process = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{work['profile']}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # `soffice` is a script: its soffice.bin must go with it
    )
    try:
        context = connect(pipe, process)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        for job in work["jobs"]:
            url = uno.systemPathToFileUrl(job["in"])
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            for todo in job["steps"]:
                step(doc, todo)
            out = uno.systemPathToFileUrl(job["out"])
            doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
        with contextlib.suppress(Exception):  # the bridge closes as LibreOffice exits
            desktop.terminate()
        process.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left of the session
            os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
