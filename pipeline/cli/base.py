"""The `scenes` command group: error handling in one place, settings read on first use,
a progress bar for large work. Commands live in the sibling modules."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import click

from pipeline.errors import (
    EXIT_CLOSED_PIPE,
    ClosedPipe,
    Interrupted,
    MissingDataset,
    PipelineError,
    UsageError,
    exit_code_of,
)
from pipeline.settings import ENV_VAR, SETTINGS_FILE

PROGRESS_FROM = 2000
"""Scenes: below this, work is quick enough to need no progress bar."""


class _UsageInContext:
    """A usage error the library finds is shown with the usage of the command that was given
    (`scenes newsletter [OPTIONS]…`), not the top-level one."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from None


class ScenesCommand(_UsageInContext, click.Command):
    """A command of `scenes` (`cli.command()` makes this kind)."""


class ScenesSubgroup(_UsageInContext, click.Group):
    """A family of commands under `scenes`, such as `scenes newsletter`."""

    command_class = ScenesCommand


class ScenesGroup(click.Group):
    """Turns every error a user can cause into a message and its exit code (errors.py).

    The command families other than export's are imported when named (or when --help lists
    them): `scenes export` never loads the newsletter's, review's or serve's command modules."""

    command_class = ScenesCommand
    group_class = ScenesSubgroup
    LAZY: ClassVar[dict[str, str]] = {
        "newsletter": "pipeline.cli.newsletter",
        "review": "pipeline.cli.review",
        "serve": "pipeline.cli.serve",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            import importlib

            importlib.import_module(self.LAZY[cmd_name])  # registers itself on this group
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from None
        except (ClosedPipe, BrokenPipeError):
            silence_stdout()  # the reader went away (e.g. `| head`): nothing left to say
            ctx.exit(EXIT_CLOSED_PIPE)
        except PipelineError as exc:
            click.echo(exc.render(), err=True)
            if isinstance(exc, MissingDataset):
                click.echo(_where_data_is(ctx), err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, Interrupted) as exc:
            ctx.exit(interrupted(exc))


def _where_data_is(ctx: click.Context) -> str:
    """After "source/scenes.yaml: no such file": where that came from, and how to name the
    dataset or the settings instead, as commands to type."""
    from pathlib import Path

    state: State = ctx.obj
    command = ctx.invoked_subcommand or "export"
    named = "FILE" if command in ("validate", "check") else "--source FILE"
    if state.settings_file is None:
        came = f"the default dataset: there is no {SETTINGS_FILE} in {Path.cwd()}"
    elif _sets_source(state.settings_file):
        came = f"the `source` setting of {state.settings_file}"
    else:
        came = f"the default dataset: {state.settings_file} sets no `source`"
    return (
        f"  ({came})\n"
        "hint: run scenes in the project's folder, or name the dataset:\n"
        f"  scenes {command} {named}\n"
        f"  or the settings file: scenes --config FILE {command}, or {ENV_VAR}=FILE"
    )


def _sets_source(settings_file: str) -> bool:
    """Whether the settings file names the dataset itself (said in the hint above)."""
    import re
    from pathlib import Path

    try:
        text = Path(settings_file).read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError:
        return False
    return re.search(r"(?m)^\s*source\s*=", text) is not None


def interrupted(exc: BaseException) -> int:
    """Say so, once, with what the interrupted work noted about where it stands (an issue
    half-sent), and give the exit code a shell expects."""
    click.echo("interrupted", err=True)
    for note in getattr(exc, "__notes__", ()):
        click.echo(note, err=True)
    return exit_code_of(exc)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so flushing it at exit cannot fail loudly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class State:
    """Settings, read on first use so `--help` and usage errors never touch the file."""

    def __init__(self, config: str | None, verbose: bool = False) -> None:
        self.config = config
        self.verbose = verbose
        self._settings: Any = None
        self.settings_file: str | None = None
        """The file the settings came from, once read (None: the defaults)."""

    @property
    def settings(self) -> Any:
        if self._settings is None:
            from pipeline.settings import load_settings

            self._settings, self.settings_file = load_settings(self.config)
        return self._settings


@click.group(cls=ScenesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar=ENV_VAR,
    help="Settings file (default: ./scenes.toml if present, else built-in defaults).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also say what was skipped and why (e.g. a cache folder others may write).",
)
@click.version_option(package_name="scenes", prog_name="scenes")
@click.pass_context
def cli(ctx: click.Context, config: str | None, verbose: bool) -> None:
    """Validate the scenes dataset and export it to every format.

    \b
    Example:
      scenes validate
      scenes export --format all
    """
    ctx.obj = State(config, verbose)
    if verbose:
        ctx.call_on_close(_say_notes)


def _say_notes() -> None:
    """What the library noted and did without failing (`--verbose`)."""
    from pipeline import cache

    for note in cache.notes:
        click.echo(f"note: {note}", err=True)


@contextlib.contextmanager
def progress_bar(scenes: int, label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A bar on a terminal for large datasets; nothing at all otherwise (cron, pipes, CI).
    Yields a callback taking (step name, steps done, steps in all)."""
    if scenes < PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda _name, _done, _total: None
        return
    bar: Any = None
    with contextlib.ExitStack() as stack:

        def step(name: str, done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(
                    click.progressbar(length=total, label=label, file=sys.stderr)
                )
            bar.label = f"{label} {scenes:,} scenes: {name}"
            bar.update(done - bar.pos)
            bar.render_progress()

        yield step
        if bar is not None:
            bar.update(bar.length - bar.pos)


def warn(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
