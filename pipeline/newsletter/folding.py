"""The Subject header folded so that mail programs read back exactly the subject meant.

Python's email package (3.11, 3.12) folds a subject such as "…, The Day After Tomorrow, Dante’s
Peak" as "Tomorrow, ⏎ =?utf-8?q?Dante=E2=80=99s?= Peak": the space before the fold stays on
the first line and the fold adds another, so every reader, `email.policy.default` included,
shows two spaces. Here the subject is laid out by RFC 2047's rules instead:

- words of printable ASCII stay as they are; a run of other words is encoded as one or more
  encoded words (UTF-8; Q, or B where it is much shorter), the spaces inside the run encoded
  with it, since white space between two encoded words is not part of the text;
- a real space between words is written once: either as a space or as the fold itself;
- no line is longer than 76 characters (an encoded word at most 75), no character is split
  between encoded words, and nothing folds straight after "Subject:".
"""

from __future__ import annotations

import base64

LINE = 76
"""RFC 2047, section 2: a line holding an encoded word is at most 76 characters."""
WORD = 75
"""RFC 2047, section 2: an encoded word is at most 75 characters."""
_Q_LITERAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
"""What Q encoding may leave as it is anywhere (RFC 2047, section 5, rule 3)."""
_OVERHEAD = len("=?utf-8?q??=")


def fold(name: str, value: str, linesep: str = "\n") -> str:
    """`Name: value` as folded lines, each ending in `linesep`."""
    lines = [f"{name}:"]
    for text, encoded in _tokens(value, LINE - len(lines[0]) - 1):
        if encoded:
            _place_encoded(lines, text)
        elif len(lines[-1]) + 1 + len(text) <= LINE:
            lines[-1] += " " + text
        else:
            lines.append(" " + text)  # the fold is the space between the words
    return "".join(line + linesep for line in lines)


def _tokens(value: str, first_room: int) -> list[tuple[str, bool]]:
    """The subject as runs separated by real spaces: (text, whether it must be encoded).
    Consecutive words that must be encoded are one run (their spaces go inside it)."""
    if not value or "  " in value or value != value.strip(" "):
        return [(value, True)] if value else []  # spaces that are not single separators
    tokens: list[tuple[str, bool]] = []
    for word in value.split(" "):
        # A word too long for a line is encoded (in pieces); the first must fit the first
        # line, as nothing may fold straight after the colon.
        room = first_room if not tokens else LINE - 1
        encoded = not _plain(word) or len(word) > room
        if encoded and tokens and tokens[-1][1]:
            tokens[-1] = (f"{tokens[-1][0]} {word}", True)
        else:
            tokens.append((word, encoded))
    return tokens


def _plain(word: str) -> bool:
    """A word mail programs read as it is: printable ASCII that cannot be taken for (the
    start or end of) an encoded word."""
    return all("!" <= c <= "~" for c in word) and "=?" not in word and "?=" not in word


def _place_encoded(lines: list[str], text: str) -> None:
    """`text` as encoded words, continuing the last line while they fit. The space before the
    first one is a real space; those between them are dropped by readers."""
    # Q keeps Latin text legible in the raw message; B is far shorter for other scripts.
    kind = "q" if 4 * len(_q(text)) <= 5 * len(_b(text)) else "b"
    while text:
        room = min(WORD, LINE - len(lines[-1]) - 1)
        count = _prefix_that_fits(text, kind, room)
        if count == 0:
            lines.append("")  # the fold is the space before the next encoded word
            continue
        chunk, text = text[:count], text[count:]
        lines[-1] += " " + _encoded_word(chunk, kind)


def _prefix_that_fits(text: str, kind: str, room: int) -> int:
    """How many characters of `text` one encoded word of at most `room` characters holds."""
    count, size = 0, 0  # the encoded text's length (Q), or its bytes (B: 3 bytes, 4 chars)
    for char in text:
        size += len(_q(char)) if kind == "q" else len(char.encode("utf-8"))
        length = size if kind == "q" else 4 * -(-size // 3)
        if _OVERHEAD + length > room:
            break
        count += 1
    return count


def _encoded_word(text: str, kind: str) -> str:
    body = _q(text) if kind == "q" else _b(text)
    return f"=?utf-8?{kind}?{body}?="


def _q(text: str) -> str:
    out = []
    for char in text:
        if char in _Q_LITERAL:
            out.append(char)
        elif char == " ":
            out.append("_")
        else:
            out.extend(f"={byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _b(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
