"""What a command wrote, said in one line per file: where, what, how big, and how many pages."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "markdown": "Markdown", "json": "JSON"}


def size(n: int) -> str:
    """'812 bytes', '95 KB', '1.4 MB'."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def pdf_pages(data: bytes) -> int | None:
    """The page count of a PDF: the ``/Count`` of its page tree root (which may sit in a compressed
    object stream, as WeasyPrint writes it); None when it cannot be read."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            chunk = zlib.decompressobj().decompress(data[m.end() : m.end() + 8_000_000])
        except zlib.error:
            continue
        if b"/Pages" in chunk:
            chunks.append(chunk)
    counts = [n for chunk in chunks for n in _page_tree_counts(chunk)]
    return max(counts) if counts else None


def _page_tree_counts(text: bytes) -> list[int]:
    out = []
    for m in re.finditer(rb"/Type\s*/Pages\b", text):
        start = text.rfind(b"<<", 0, m.start())
        depth, i = 0, start
        while 0 <= i < len(text) - 1:
            pair = text[i : i + 2]
            depth += 1 if pair == b"<<" else -1 if pair == b">>" else 0
            i += 2 if pair in (b"<<", b">>") else 1
            if depth == 0:
                break
        found = re.search(rb"/Count\s+(\d+)", text[start:i]) if start >= 0 else None
        if found:
            out.append(int(found.group(1)))
    return out


def line(fmt: str, dest: Path) -> str:
    """'wrote report.pdf (PDF, 12 pages, 95 KB)'."""
    try:
        data = dest.read_bytes() if fmt == "pdf" else b""
        n = dest.stat().st_size
    except OSError:
        return f"wrote {dest}"
    what = [FORMAT_NAMES.get(fmt, fmt)]
    pages = pdf_pages(data) if fmt == "pdf" else None
    if pages:
        what.append(f"{pages} page{'s' if pages != 1 else ''}")
    what.append(size(n))
    return f"wrote {dest} ({', '.join(what)})"
