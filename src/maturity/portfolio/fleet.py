"""The Dask executor (the optional ``fleet`` extra): jobs on an existing Dask distributed cluster.

Use what the organisation already runs, never a scheduler of our own: ``maturity scan --repos FILE
--executor dask --scheduler tcp://host:8786``. Each worker needs maturity installed (the same version)
and access to the repositories (paths it can read, or git URLs it can clone); results come back to
this process, which writes them.
"""

from __future__ import annotations

from maturity.portfolio.runner import Job, JobResult, Progress, collect, run_job


def run_dask(jobs: list[Job], scheduler: str, progress: Progress) -> list[JobResult]:
    """Jobs on an existing Dask cluster (the ``fleet`` extra). Workers need maturity installed."""
    from maturity.errors import UserError

    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UserError("--executor dask needs Dask distributed",
                        hint="pip install 'maturity[fleet]'") from None  # fmt: skip
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = client.map(run_job, jobs, pure=False)
        return collect((f.result() for f in as_completed(futures)), progress)
    finally:
        client.close()
