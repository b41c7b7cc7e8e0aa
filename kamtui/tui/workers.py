"""Background work that fails says so: a message, never a crash, never silence.

Workers run with ``exit_on_error=False``. Textual tells only the node that started
a worker when its state changes (the message does not bubble), so each node that
starts workers takes this mixin to turn a failure into an error notification.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    """Notifies the user when one of this node's workers fails."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            name = event.worker.name or "Background task"
            self.notify(  # type: ignore[attr-defined]
                f"{name}: {event.worker.error}", title="Error", severity="error"
            )
