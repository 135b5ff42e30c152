"""Settings: one home (`scenes.toml`), validated like the data, with defaults that work alone.

Lookup order: an explicit path (`--config` or SCENES_CONFIG), else `scenes.toml` in the current
folder, else the defaults. Relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import msgspec

from pipeline import records
from pipeline import setting_rules as rules
from pipeline.errors import SettingsError
from pipeline.records import Record
from pipeline.rules import After, Limits, constrained

SETTINGS_FILE = "scenes.toml"
ENV_VAR = "SCENES_CONFIG"
"""The environment variable naming the settings file (the --config option reads it too)."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


Url = constrained(str | None, After(rules.absolute_url))


class TextSettings(Record, kw_only=True):
    """[text]: the plain-text export."""

    width: constrained(int, Limits(strict=True, ge=40, le=200)) = 72
    """Column at which plain text wraps."""
    template: str | None = None
    """A Jinja2 template replacing the built-in one (see `scenes template text`)."""
    template_dir: str | None = None
    """A folder of templates, each replacing the built-in part of the same file name (see
    `scenes template --list`), e.g. `_scene.txt.j2` alone."""


class HtmlSettings(Record, kw_only=True):
    """[html]: the article as a web page."""

    template: str | None = None
    """A Jinja2 template replacing the built-in page (see `scenes template html`); the text
    export's template never applies to the page, nor this one to the text."""


class FeedSettings(Record, kw_only=True):
    """[feed]: RSS, Atom and JSON Feed."""

    base_url: Url = None
    """Where the files in the output folder are served from; feeds' self links start here.
    Defaults to `site_url`."""
    limit: constrained(int, Limits(strict=True, ge=1)) = 100
    """At most this many items per feed: the most recently published."""
    content: Literal["summary", "full"] = "summary"
    """'summary': the blurb; 'full': the blurb plus films, people, numbers and tags."""
    item_url: constrained(str, After(rules.item_url)) = "{site_url}#{id}"
    """Each item's link; {site_url} and {id} are replaced."""
    hub: constrained(str | None, After(rules.hub_url)) = None
    """A WebSub hub (https://; http:// only on a loopback address: localhost, 127.0.0.0/8,
    ::1): the feeds name it, with their own address, and `scenes export --ping` tells it
    which feeds changed."""
    hub_timeout: constrained(float, Limits(gt=0, le=600)) = 10.0
    """Seconds to wait for the hub to answer one ping."""
    published_ids: str | None = None
    """The record of every guid the feeds have published ("Published ids" in the Outputs
    page of the docs), relative to the settings file. Default: beside the dataset, named after
    it (`source/scenes.published-ids.json`). Keep it with the dataset, in version control: it
    must outlive outputs/."""


class DocxSettings(Record, kw_only=True):
    """[docx]: the document for editors."""

    reference: str | None = None
    """A .docx whose styles the export uses, like Pandoc's --reference-doc."""


class SmtpSettings(Record, kw_only=True):
    """[newsletter.smtp]: the mail server."""

    host: str = "localhost"
    """The mail server's host name."""
    port: constrained(int, Limits(strict=True, ge=1, le=65535)) = 587
    """The mail server's port: 587 for 'starttls', 465 for 'ssl'."""
    security: Literal["starttls", "ssl", "none"] = "starttls"
    """'starttls' upgrades a plain connection; 'ssl' connects with TLS (port 465)."""
    username_env: str = "SCENES_SMTP_USERNAME"
    """The environment variable holding the user name (credentials never live in files)."""
    password_env: str = "SCENES_SMTP_PASSWORD"
    """The environment variable holding the password."""
    timeout: constrained(float, Limits(gt=0, le=600)) = 30.0
    """Seconds to wait for the mail server to answer."""


class NewsletterSettings(Record, kw_only=True):
    """[newsletter]: the scheduled issues."""

    cadence: Literal["daily", "weekly", "monthly"] = "weekly"
    """How often an issue is due: each period (a day, a week, a month) gets one."""
    weekday: Literal[WEEKDAYS] = "monday"  # type: ignore[valid-type]
    """For a weekly cadence: the day each period starts."""
    send_time: constrained(str, After(rules.clock_time)) = "07:00"
    """When each issue is due, as HH:MM: its period's first day at this time (the stored
    issue's Date; the message sent carries the moment it is handed to the mail server)."""
    timezone: constrained(str, After(rules.timezone)) = "UTC"
    """The zone in which 'today' and the send time are reckoned, by its name in the time zone
    database, such as 'America/Toronto'."""
    scenes_per_issue: constrained(int, Limits(strict=True, ge=1, le=100)) = 3
    """How many scenes an issue features (fewer when fewer are left)."""
    order: Literal["dataset", "published"] = "dataset"
    """Which scenes come first: in the dataset's order, or the earliest published."""
    wrap_around: bool = False
    """When every scene has been featured, start again from the first instead of stopping."""
    name: constrained(str | None, After(rules.display_name)) = None
    """The newsletter's name: its masthead, the archive's title, the sender's display name
    when `sender` gives none, {{ name }} in `subject`. Default: the dataset's publisher
    (`collection.publisher`), else the collection's title."""
    subject: str = "{{ name }} #{{ number }}: {{ headings }}"
    """A Jinja2 template: name, title, number, period, headings."""
    preheader: str | None = None
    """The preview text inboxes show after the subject (hidden in the letter): a Jinja2
    template like `subject`, plus blurb (the first featured scene's). Default: that blurb."""
    sender: constrained(str, After(rules.mailbox)) = "newsletter@example.com"
    """The From address; without a display name, the newsletter's `name` is shown."""
    recipient: constrained(str, After(rules.mailbox)) = "Subscribers <subscribers@example.com>"
    """The list address at your email service. `--send` refuses to send to the list from or to
    a domain reserved for examples (example.com, .test...): set both."""
    intro: str | None = None
    """The first paragraph; by default "Here are this issue’s running scenes from the movies."
    (or "Here is this issue’s running scene..." when an issue has one)."""
    sign_off: str = "Keep running,\nThe editors"
    """The letter's last words, before the signature; lines separated by "\n"."""
    unsubscribe: constrained(str | None, After(rules.unsubscribe)) = None
    """Where readers unsubscribe: an https:// URL (sent as one-click List-Unsubscribe, RFC
    8058) or a mailto: address. `--send` refuses to send to the list without it."""
    postal_address: constrained(str | None, After(rules.postal_address)) = None
    """The sender's physical postal address, printed at the foot of every issue (CAN-SPAM and
    CASL require it in commercial email); lines separated by "\n". `--send` refuses to send
    to the list without it."""
    archive_url: constrained(str | None, After(rules.folder_url)) = None
    """Where outputs/newsletter/ is served, ending in '/': each issue then links its web page."""
    subscribe_url: Url = None
    """Where readers subscribe: linked from every archive page and from each letter's foot."""
    publish: Literal["sent", "due"] = "sent"
    """When an issue appears in the web archive: 'sent' (once `--send` has delivered it) or
    'due' (once its date has come: for when another program sends the .eml files)."""
    template: str | None = None
    """The issue's plain-text Jinja2 template (see `scenes template newsletter`); the text
    export's template never applies to the newsletter."""
    html_template: str | None = None
    """The issue's HTML Jinja2 template (see `scenes template newsletter-html`)."""
    width: constrained(int, Limits(strict=True, ge=40, le=200)) = 72
    """Column at which the issue's text wraps."""
    state_dir: str = "state"
    """Where the ledger lives, relative to the settings file."""
    smtp: SmtpSettings = SmtpSettings()


class LimitSettings(Record, kw_only=True):
    """[limits]: what the reader refuses."""

    max_source_bytes: constrained(int, Limits(strict=True, ge=1024)) = 64 * 1024 * 1024
    """Refuse a source file larger than this many bytes."""
    review_scenes: constrained(int, Limits(strict=True, ge=1, le=1_000_000)) = 3_500
    """`scenes review` refuses a document carrying more scenes than this. Every bound on what
    an untrusted document may cost (file size, inflated parts, markup) grows in proportion."""


class Settings(Record, kw_only=True):
    """Every setting, with defaults that work without a file."""

    source: str = "source/scenes.yaml"
    """The dataset, relative to the settings file."""
    output_dir: str = "outputs"
    """Where `scenes export` writes, relative to the settings file."""
    site_url: Url = None
    """Base URL of the website; defaults to the collection's link."""
    text: TextSettings = TextSettings()
    html: HtmlSettings = HtmlSettings()
    feed: FeedSettings = FeedSettings()
    docx: DocxSettings = DocxSettings()
    newsletter: NewsletterSettings = NewsletterSettings()
    limits: LimitSettings = LimitSettings()

    # Set by `load_settings`, not by the file: where relative paths start from, and the file.
    base_dir: str = "."
    file: str | None = None
    __hidden_fields__ = ("base_dir", "file")  # never offered as a setting in messages

    def path(self, value: str) -> Path:
        """A path from the settings, resolved against the settings file's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else Path(self.base_dir) / p


def load_settings(path: str | Path | None = None) -> tuple[Settings, str | None]:
    """The settings and the file they came from (None when only defaults apply)."""
    if path is None:
        path = os.environ.get(ENV_VAR) or (SETTINGS_FILE if Path(SETTINGS_FILE).is_file() else None)
    if path is None:
        return Settings(), None
    shown = str(path)
    text = _settings_text(path)
    from pipeline.settings_errors import parse_toml  # tomllib only when there is a file

    data = parse_toml(text, shown)
    for hidden in ("base_dir", "file"):  # where the file is, never what it says
        if hidden in data:
            from pipeline.errors import Diagnostic
            from pipeline.settings_errors import line_of

            line = line_of(text, (hidden,))
            problem = Diagnostic(shown, line, 1 if line else 0, f"unknown setting {hidden!r}")
            problem = problem._replace(
                field=hidden, hint="where the file is comes from the file's own path"
            )
            raise SettingsError(_problems(1), [problem])
    data["base_dir"] = str(Path(path).parent)
    data["file"] = shown
    return _validated(data, shown, text), shown


def located(settings: Settings, *loc: str, message: str) -> str:
    """`message` about the setting at `loc` as a diagnostic line: at its line in the settings
    file when there is one (`scenes.toml:14:1: newsletter.subject: …`), else by its name."""
    from pipeline.errors import Diagnostic

    line = 0
    if settings.file is not None:
        from pipeline.settings_errors import line_of

        try:
            line = line_of(_settings_text(settings.file), loc)
        except SettingsError:
            line = 0  # unreadable now: named by its setting alone
    path = settings.file or "settings"
    return Diagnostic(path, line, 1 if line else 0, message, field=".".join(loc)).render()


MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few KB; more is not one (and `/dev/zero` is never read to the end)."""


def _settings_text(path: str | Path) -> str:
    """The file's text: bounded, UTF-8, a leading byte-order mark dropped (as Notepad writes
    it, and as the dataset accepts it)."""
    from pipeline.source.files import read_bounded

    if not Path(path).exists() and not Path(path).is_symlink():
        raise SettingsError(f"{path}: settings file not found")
    raw = read_bounded(path, MAX_SETTINGS_BYTES, "a settings file", SettingsError)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{path}: not UTF-8 text (byte {exc.start + 1}); a settings file is UTF-8 TOML"
        ) from None


def _validated(data: dict[str, Any], shown: str, text: str) -> Settings:
    """The settings msgspec builds; when it refuses, pydantic's verdict: every problem, located."""
    try:
        return records.convert(Settings, data)
    except records.Refused as refusal:
        import pydantic

        from pipeline.settings_errors import located, refused

        try:
            records.validate_fully(Settings, data)
        except pydantic.ValidationError as exc:
            diagnostics = [located(shown, text, e, Settings) for e in exc.errors(include_url=False)]
        else:  # pydantic found nothing: msgspec's own words, where it says
            diagnostics = [refused(shown, text, refusal)]
        raise SettingsError(_problems(len(diagnostics)), diagnostics) from None


def _problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''} in the settings"


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """Command-line flags win over the file: only the values given (not None) replace."""
    given = {k: v for k, v in overrides.items() if v is not None}
    for section in ("text", "feed", "docx"):
        prefix = f"{section}_"
        values = {k.removeprefix(prefix): given.pop(k) for k in list(given) if k.startswith(prefix)}
        if values:
            given[section] = msgspec.structs.replace(getattr(settings, section), **values)
    return msgspec.structs.replace(settings, **given)


def fingerprint(settings: Settings) -> str:
    """The settings as canonical JSON, for the manifest: where the file lives is left out
    (paths it names are fingerprinted by content where they matter)."""
    values = msgspec.to_builtins(settings)
    values.pop("base_dir", None)
    return msgspec.json.encode(values, order="sorted").decode()


def settings_from(data: dict[str, Any]) -> Settings:
    """Settings from a mapping shaped like scenes.toml (for programs and tests)."""
    return _validated(data, "<settings>", "")


__all__ = [
    "HtmlSettings",
    "Settings",
    "TextSettings",
    "fingerprint",
    "load_settings",
    "settings_from",
    "with_overrides",
]
