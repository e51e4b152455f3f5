"""
Evidence integrity: each evidence file is hashed again, in chunks, and compared
with the sha256 recorded when it was cited. A missing or changed file is a
finding of the check, not an exception.

>>> from parlib import examples
>>> [c.status for c in verify_evidence(examples.inspection(), examples.path().parent)]
['ok']
"""

from __future__ import annotations

import hashlib
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Literal

import attrs

from parlib.assessment import Assessment
from parlib.evidence import Evidence

__all__ = ["CHUNK_SIZE", "FileCheck", "FileStatus", "file_sha256", "local_file", "verify_evidence"]

CHUNK_SIZE = 1 << 20
"""Bytes read at a time: hashing holds one chunk, whatever the file's size."""

FileStatus = Literal["ok", "changed", "missing", "unreadable", "no-digest", "no-file", "not-local"]
FAILED: frozenset[str] = frozenset({"changed", "missing", "unreadable"})


def file_sha256(path: str | Path, *, chunk_size: int = CHUNK_SIZE) -> str:
    """
    The sha256 of a file as 64 lowercase hex digits, read in chunks of *chunk_size* bytes.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = f.write_bytes(b"abc")
    >>> file_sha256(f, chunk_size=2)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(chunk_size))
    with open(path, "rb", buffering=0) as stream:
        while count := stream.readinto(buffer):
            digest.update(buffer[:count])
    return digest.hexdigest()


def local_file(uri: str, base: Path) -> Path | None:
    """
    The local file a URI names (a relative path is read from *base*), or ``None``
    for a remote one (``https:``, ...).

    >>> local_file("evidence/a.pdf", Path("/data")).as_posix(), local_file("https://x.vn/a.pdf", Path("."))
    ('/data/evidence/a.pdf', None)
    >>> local_file("file:///srv/a%20b.pdf", Path(".")).as_posix()
    '/srv/a b.pdf'
    """
    parsed = urllib.parse.urlsplit(uri)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if len(parsed.scheme) > 1:  # a one-letter scheme is a Windows drive
        return None
    path = Path(uri)
    return path if path.is_absolute() else base / path


@attrs.frozen
class FileCheck:
    """
    The check of one evidence file: its status, the recorded and the actual digest.

    >>> FileCheck("E1", "$.evidence[0].uri", "a.pdf", "missing", "no such file").failed
    True
    """

    evidence: str
    path: str
    uri: str
    status: FileStatus
    detail: str
    expected: str = ""
    actual: str = ""

    @property
    def failed(self) -> bool:
        """
        Whether the file is missing, unreadable or changed since it was cited.

        >>> FileCheck("E1", "$.evidence[0].uri", "a.pdf", "no-digest", "").failed
        False
        """
        return self.status in FAILED

    def __str__(self) -> str:
        return f"{self.evidence} {self.uri or '(no uri)'}: {self.status}: {self.detail} @ {self.path}"


def _check(ev: Evidence, index: int, base: Path) -> FileCheck:
    at = f"$.evidence[{index}]"
    if not ev.uri:
        return FileCheck(ev.id, at + ".sha256", "", "no-file", "a sha256 but no uri: nothing to check", ev.sha256)
    file = local_file(ev.uri, base)
    if file is None:
        scheme = urllib.parse.urlsplit(ev.uri).scheme
        return FileCheck(
            ev.id, at + ".uri", ev.uri, "not-local", f"not a local file ({scheme}): not checked", ev.sha256
        )
    if not file.is_file():
        return FileCheck(ev.id, at + ".uri", ev.uri, "missing", "no such file", ev.sha256)
    try:
        actual = file_sha256(file)
    except OSError as exc:
        detail = f"cannot read the file: {exc.strerror or exc}"
        return FileCheck(ev.id, at + ".uri", ev.uri, "unreadable", detail, ev.sha256)
    if not ev.sha256:
        detail = f"no sha256 recorded, so no telling whether it changed (it is now {actual})"
        return FileCheck(ev.id, at + ".sha256", ev.uri, "no-digest", detail, "", actual)
    if actual != ev.sha256:
        detail = f"changed since it was cited: its sha256 is now {actual}, not {ev.sha256}"
        return FileCheck(ev.id, at + ".sha256", ev.uri, "changed", detail, ev.sha256, actual)
    return FileCheck(ev.id, at + ".uri", ev.uri, "ok", "sha256 matches", ev.sha256, actual)


def verify_evidence(assessment: Assessment, base: str | Path) -> tuple[FileCheck, ...]:
    """
    Check every evidence file the assessment cites (evidence with a ``uri`` or a
    ``sha256``); relative paths are read from *base*, the assessment file's folder.

    >>> from parlib import Assessment, Evidence, FrameworkRef, Subject
    >>> a = Assessment(framework=FrameworkRef("f"), subject=Subject("u", {"en": "U"}), period="2018",
    ...                evidence=[Evidence(id="E1", uri="minutes.pdf", sha256="0" * 64)])
    >>> [(c.status, c.path) for c in verify_evidence(a, "/no/such/folder")]
    [('missing', '$.evidence[0].uri')]
    """
    folder = Path(base)
    return tuple(_check(ev, i, folder) for i, ev in enumerate(assessment.evidence) if ev.uri or ev.sha256)
