"""One error hierarchy (common/errors.py), one handler (`flows.cli.main`): the class decides the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from common import errors
from feeds import DiscoveryError
from flows import cli
from flows.cli import main
from tests.support.receivers import dead_port
from tests.support.signals import interruptible_script

CONFIG = """
[database]
url = "sqlite:///{db}"

[[channels]]
type = "webhook"
name = "hook"
url = "https://hooks.example.invalid/x"
secret = "whsec_dGhpcy1pcy1hLXRlc3Qtc2VjcmV0LTEyMzQ1Njc4"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text(CONFIG.format(db=tmp_path / "tw.db"), encoding="utf-8")
    return cfg


def test_exit_codes_belong_to_the_classes() -> None:
    # The contract: 2 for bad usage or an invalid configuration, 1 for everything else.
    assert {cls.__name__: cls.exit_code for cls in errors.TalkwatchError.__subclasses__()} == {
        "UsageError": 2,
        "ConfigError": 2,
        "DatabaseUnavailableError": 1,
        "CommandFailedError": 1,
        "ServiceError": 1,
        "DiscoveryError": 1,
    }
    assert errors.DatabaseURLError.exit_code == 2 and issubclass(errors.DatabaseURLError, ValueError)
    assert issubclass(DiscoveryError, errors.TalkwatchError)


def test_usage_error_from_a_command_exits_2_with_one_line(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "test", "no-such-channel", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: alerts test: no channel 'no-such-channel'") and err.count("\n") == 1


def test_failed_discovery_exits_1_naming_the_command(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with dead_port() as port:
        code = main(["feeds", "add", f"http://127.0.0.1:{port}/", "--allow-private", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: feeds add: ") and "RuntimeError" not in err and err.count("\n") == 1
    assert "[[feeds]]" not in config.read_text(encoding="utf-8")


def test_an_error_of_ours_wrapped_by_another_keeps_its_exit_code() -> None:
    # What Prefect does to a flow's exception: re-raised under its own, the original chained.
    try:
        try:
            raise errors.ConfigError("database.url: cannot parse 'x'")
        except errors.ConfigError as exc:
            raise RuntimeError("Flow run encountered an exception") from exc
    except RuntimeError as outer:
        assert cli._exit_code_for(cli._unwrapped(outer)) == (2, "database.url: cannot parse 'x'")
    assert cli._exit_code_for(cli._unwrapped(KeyError("k"))) == (1, "KeyError: 'k'")


def test_ctrl_c_is_exit_130_even_when_the_engine_turns_it_into_another_error() -> None:
    # What Prefect's engine does when interrupted at the wrong moment: the KeyboardInterrupt becomes another error.
    script = """
import os, signal, sys
from flows import cli

@cli.app.command("interrupted-teardown")
def _interrupted_teardown() -> None:
    try:
        os.kill(os.getpid(), signal.SIGINT)
        signal.pause()
    except KeyboardInterrupt:
        raise ValueError("Task run is not set") from None

sys.exit(cli.main(["interrupted-teardown"]))
"""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        interruptible_script(script), check=False, capture_output=True, text=True, cwd=root, timeout=120
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "error: interrupted"
    assert "Task run is not set" not in done.stderr


def test_ctrl_c_that_python_swallowed_in_a_finaliser_still_stops_the_command_with_130() -> None:
    # SIGINT landing inside a __del__ or weakref callback: Python prints "Exception ignored" and carries on.
    # The request is remembered: the next safe point (here the command's own check) stops it, exit 130.
    script = """
import os, signal, sys
from common import interrupts
from flows import cli

class Finalised:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):  # bytecode for the pending handler to run on, inside __del__
            pass

@cli.app.command("swallowed")
def _swallowed() -> None:
    Finalised()  # dropped at once: the KeyboardInterrupt is raised and ignored inside __del__
    print("carried on", file=sys.stderr, flush=True)
    interrupts.stop_if_requested()
    print("not reached", file=sys.stderr, flush=True)

sys.exit(cli.main(["swallowed"]))
"""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        interruptible_script(script), check=False, capture_output=True, text=True, cwd=root, timeout=120
    )
    assert "Exception ignored" in done.stderr and "carried on" in done.stderr, done.stderr
    assert "not reached" not in done.stderr
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "error: interrupted"


def test_a_command_that_ended_after_a_swallowed_ctrl_c_still_exits_130() -> None:
    script = """
import os, signal, sys
from flows import cli

class Finalised:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):
            pass

@cli.app.command("swallowed-late")
def _swallowed_late() -> None:
    Finalised()

sys.exit(cli.main(["swallowed-late"]))
"""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        interruptible_script(script), check=False, capture_output=True, text=True, cwd=root, timeout=120
    )
    assert "Exception ignored" in done.stderr, done.stderr
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "error: interrupted"
