"""The editor's document the `scenes review` examples of docs/review.md show: an export,
edited as an editor would (python tests/data/examples/edited_docx.py exported.docx edited.docx):
two values retyped, a blurb with invisible ends, tracked changes left pending, a person typed
onto the Cast line, a note typed between the fields."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "review"))
import docxedit  # noqa: E402

EDITS = [
    {"set": "the-mummy-returns heading", "text": "The Mummy Returns (2001)"},
    {"set": "the-mummy-returns claim0_value", "text": "1700"},
    {"set": "rocky-ii blurb", "text": "  Indented start.\tThen a tab."},
    {"track": "the-day-after-tomorrow blurb", "delete": "weather.", "insert": "a superstorm.", "author": "Ed"},
    {"extend": "rocky-ii person0", "text": "; Mickey Goldmill (Burgess Meredith)"},
    {"insert": "Editor's note: check the speed.", "after": "silver-linings-playbook blurb"},
]

source, target = sys.argv[1:3]
Path(target).write_bytes(docxedit.edited(Path(source).read_bytes(), EDITS))
