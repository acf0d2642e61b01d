"""Files written so that a crash at any moment leaves either no file or the whole file.

A temporary name in the same directory, fsync, atomic rename, fsync of the directory (the
rename itself survives a power loss). A caller that records the file in the database commits
that row only after the write returns.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


@contextmanager
def durable_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file object whose content becomes ``path`` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.partial-")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_durably(path: Path, data: bytes) -> None:
    with durable_output(path) as fh:
        fh.write(data)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
