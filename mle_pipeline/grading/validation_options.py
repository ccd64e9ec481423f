"""The validation server's command-line options, importable without the server itself.

``mle-pipeline serve-validation`` and ``python -m mle_pipeline.grading.validation_server``
both declare them from here, so the CLI starts without importing waitress or pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000  # MLE-bench's grading server port
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The server's options (shared by ``mle-pipeline serve-validation`` and ``-m``)."""
    parser.add_argument(
        "--data-root", type=Path, default=None, help="data root (default: $MLE_PIPELINE_DATA)"
    )
    parser.add_argument(
        "--competition-id",
        action="append",
        dest="competitions",
        help="serve only this competition (repeatable; default: every prepared one)",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="bind address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default: %(default)s")
    parser.add_argument("--unix-socket", type=Path, help="listen on this Unix socket instead")
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest accepted body"
    )
