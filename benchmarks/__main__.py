"""`python -m benchmarks [--json] [--only STAGE,...]` (what `make bench` runs): the same figures as `talkwatch
bench`; `--only backfill,backfill_pg,scaleout,monitor` measures only those stages (names in `run.STAGE_NAMES`)."""

from __future__ import annotations

import sys

from benchmarks.run import run_bench
from flows import views
from flows.terminal import print_json, stderr_console, stdout_console

if __name__ == "__main__":
    args = sys.argv[1:]
    only = args[args.index("--only") + 1].split(",") if "--only" in args[:-1] else []
    figures = run_bench(progress=stderr_console(), only=[s.strip() for s in only if s.strip()])
    if "--json" in sys.argv[1:]:
        print_json(figures)
    else:
        views.print_kv(stdout_console(), "Benchmark", figures)
