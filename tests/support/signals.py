"""Children that take Ctrl-C as a terminal gives it, whoever started the test run.

A shell starts background commands with SIGINT ignored (`make test &`, `nohup ... &`), the ignored disposition
is inherited through exec, and Python then installs no KeyboardInterrupt handler: a test that sends SIGINT to
its subprocess would wait forever. `interruptible_module` starts a module as `python -m` does, with Python's
own SIGINT handler put back first (a `preexec_fn` would do it too, but is unsafe in a process with threads).
"""

from __future__ import annotations

import sys

_LAUNCH = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "module = sys.argv.pop(1); runpy.run_module(module, run_name='__main__', alter_sys=True)"
)
_SCRIPT_PREFIX = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"


def interruptible_module(module: str, *args: str) -> list[str]:
    """The argv of `python -m module args...` whose process Ctrl-C interrupts."""
    return [sys.executable, "-c", _LAUNCH, module, *args]


def interruptible_script(script: str) -> list[str]:
    """The argv of `python -c script` whose process Ctrl-C interrupts."""
    return [sys.executable, "-c", _SCRIPT_PREFIX + script]
