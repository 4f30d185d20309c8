"""Writing JSON Lines: UTF-8, non-ASCII as is, one record per line, files replaced atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import orjson


def dumps_line(obj: Any) -> bytes:
    # orjson always writes UTF-8 and never escapes non-ASCII (the ensure_ascii=False contract)
    return orjson.dumps(obj) + b"\n"


class AtomicFile:
    """A file that appears under its name only when complete: written to a temp file, then renamed."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.file: BinaryIO = os.fdopen(fd, "wb")
        self.count = 0

    def write(self, obj: Any) -> None:
        self.file.write(dumps_line(obj))
        self.count += 1

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.file.close()
        Path(self.tmp).unlink(missing_ok=True)


class StreamSink:
    """Records to an open binary stream (stdout), flushed per line."""

    def __init__(self, stream: BinaryIO) -> None:
        self.file = stream
        self.count = 0

    def write(self, obj: Any) -> None:
        self.file.write(dumps_line(obj))
        self.file.flush()
        self.count += 1

    def commit(self) -> None:
        self.file.flush()

    def discard(self) -> None:
        self.file.flush()
