"""Reading untrusted ZIP archives (XLSX, DOCX, ODS) within bounds: the
directory only when it has few enough entries, a part only up to a limit
of what it inflates to. Used by the import's spreadsheet reader and by the
check of attached files."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from zipfile import ZipFile, ZipInfo

MAX_PARTS = 10_000  # files inside that archive


class ReadError(Exception):
    """The file cannot be read as a table: which message of rule PL601, with
    its fields."""

    def __init__(self, variant: str, **fields: object) -> None:
        super().__init__(variant)
        self.variant, self.fields = variant, fields


def open_zip(raw: bytes) -> ZipFile:
    """A ZIP archive's directory, read by zipfile only when it has at most
    MAX_PARTS entries (each entry costs memory to read)."""
    import zipfile

    if raw.count(b"PK\x01\x02") > MAX_PARTS:  # each part has an entry in the directory: counted before zipfile reads it
        raise ReadError("zip-parts", max=MAX_PARTS)
    return zipfile.ZipFile(io.BytesIO(raw))


def inflate(z: ZipFile, declared: ZipInfo, limit: int) -> Iterator[bytes]:
    """A part's bytes as they inflate, a megabyte at a time, until just past
    `limit`: what the data inflates to, not the size the directory declares
    (zipfile would stop there, and a lie would pass unseen)."""
    import copy

    info = copy.copy(declared)
    info.file_size = 1 << 62  # zipfile reads on to the end of the data; the count below stops it
    size = 0
    with z.open(info) as part:
        while size <= limit and (chunk := part.read(1 << 20)):
            size += len(chunk)
            yield chunk


def read_part(z: ZipFile, declared: ZipInfo, limit: int) -> bytes | None:
    """A whole part, or None when it inflates past `limit`."""
    out: list[bytes] = []
    size = 0
    for chunk in inflate(z, declared, limit):
        size += len(chunk)
        if size > limit:
            return None
        out.append(chunk)
    return b"".join(out)
