"""`python -m benchmarks [--json]` (what `make bench` runs): the same figures as `talkwatch bench`."""

from __future__ import annotations

import sys

from benchmarks.run import run_bench
from flows import views
from flows.terminal import print_json, stderr_console, stdout_console

if __name__ == "__main__":
    figures = run_bench(progress=stderr_console())
    if "--json" in sys.argv[1:]:
        print_json(figures)
    else:
        views.print_kv(stdout_console(), "Benchmark", figures)
