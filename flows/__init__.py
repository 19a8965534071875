"""The pipeline's flows, CLI and delivery. A process started by `talkwatch serve` (a flow run, the private
Prefect server) dies with serve: importing this package arms that (flows/parent_death.py)."""

from flows.parent_death import honour_env

honour_env()
