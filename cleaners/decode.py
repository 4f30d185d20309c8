"""decode: page bytes to str, recording which encoding and how it was chosen.

Order of evidence: BOM, HTTP header, `<meta>` (w3lib's html_to_unicode, which also
widens gb2312/gbk to gb18030). Declarations lie: when the declared codec leaves
U+FFFD and the bytes are valid UTF-8, UTF-8 wins ("corrected"). Only when nothing
is declared is the codec detected: the Chinese codec that decodes the bytes far more
cleanly than the others, and when none does, chardet's guess on a sample that
reaches into the body.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from .document import Document, Rejection
from .stage import Stage

# Magic numbers of formats that are never an HTML page.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"\xd0\xcf\x11\xe0")
_BODY_RE = re.compile(rb"<body", re.I)
# chardet names that are subsets of a wider codec we would rather decode with
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
# ties go to the first: valid UTF-8 is UTF-8; GB18030 decodes most of what Big5 does
_CHINESE_CODECS_BY_PREFERENCE = ("utf-8", "gb18030", "big5hkscs")
_CHINESE_CODECS = set(_CHINESE_CODECS_BY_PREFERENCE) | {"utf-16-le", "utf-16-be", "utf-16"}


def detect_encoding(data: bytes, sample_bytes: int = 65536, min_confidence: float = 0.5, clear_ratio: float = 10) -> str:
    """The codec of undeclared bytes, among the ones Chinese pages use.

    A codec of UTF-8, GB18030 and Big5-HKSCS that leaves under 1/clear_ratio of the
    U+FFFD each other one leaves needs no guess (GBK text is full of byte pairs Big5
    does not have; a clean decode against any error at all is the common case).
    Otherwise chardet looks at the head plus a slice of the body (heads are mostly
    ASCII markup). Its pick among codecs that decode the bytes cleanly is taken at any
    confidence (Big5 pages get 0.4), any other Chinese codec only when it is confident
    (chardet 7 may answer koi8-u at 0.04 for a GBK page). Failing both, the codec
    leaving the fewest U+FFFD wins.
    """
    damage = {codec: _decode(data, codec).count("\ufffd") for codec in _CHINESE_CODECS_BY_PREFERENCE}
    best, *others = sorted(_CHINESE_CODECS_BY_PREFERENCE, key=damage.__getitem__)  # stable: ties keep preference
    if all(damage[best] * clear_ratio < damage[other] for other in others):
        return best
    import chardet  # loads in a tenth of a second and most runs never need it

    sample = data
    if len(data) > sample_bytes:
        body = _BODY_RE.search(data)
        start = body.start() if body else len(data) // 4
        half = sample_bytes // 2
        sample = data[:half] + data[start : start + half]
    result = chardet.detect(sample)
    name = resolve_encoding((result.get("encoding") or "").lower()) or ""
    name = _WIDEN.get(name, name)
    fitting = [codec for codec, errors in damage.items() if not errors]
    if name in fitting or (name in _CHINESE_CODECS and (result.get("confidence") or 0) >= min_confidence):
        return name
    return best


def _looks_truncated(data: bytes) -> bool:
    """Cut off in transfer: no closing </body> or </html> near the end, and the bytes stop
    inside text or a tag rather than after one (pages that merely omit the closing tags
    still end with `>`)."""
    tail = data[-4096:].rstrip()
    return not tail.endswith(b">") and b"</html" not in tail.lower() and b"</body" not in tail.lower()


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="replace")


def decode_text_bytes(data: bytes) -> tuple[str, dict[str, str]]:
    """Decode a plain-text file: a BOM, else UTF-8 if it is valid, else chardet's guess.

    Returns the text and the record's `encoding` value ({name, how}).
    """
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return _decode(data[len(bom) :], bom_encoding), {"name": codecs.lookup(bom_encoding).name, "how": "declared"}
    if _valid_utf8(data):
        return data.decode("utf-8"), {"name": "utf-8", "how": "default"}
    encoding = detect_encoding(data)
    return _decode(data, encoding), {"name": codecs.lookup(encoding).name, "how": "detected"}


class Decode(Stage):
    name = "decode"
    options = {"sample_bytes": 32768, "detect_min_confidence": 0.5, "detect_clear_ratio": 10}

    def process(self, doc: Document) -> Document | Rejection:
        if not doc.is_html:
            return doc
        data = doc.raw or b""
        if not data.strip():
            return self.reject(doc, "empty_input")
        if data.lstrip()[:8].startswith(_BINARY_MAGIC) or data[:4096].count(b"\x00") > 16:
            return self.reject(doc, "not_html", "binary content")

        declared = (
            read_bom(data)[0]
            or http_content_type_encoding(doc.content_type)
            or html_body_declared_encoding(data)
        )
        if declared:
            encoding, html = html_to_unicode(doc.content_type, data)
            how = "declared"
            if encoding != "utf-8" and not data.isascii() and _valid_utf8(data):
                # multi-byte text that is valid UTF-8 is UTF-8, whatever the page says;
                # gb18030 decodes almost anything, so the mistake shows no U+FFFD
                encoding, html, how = "utf-8", data.decode("utf-8"), "corrected"
            elif "\ufffd" in html:
                encoding, html, how = self._best_fit(data, encoding, html)
        elif doc.charset_hint and (hinted := resolve_encoding(doc.charset_hint)):
            encoding, how = _WIDEN.get(hinted, hinted), "site_hint"
            html = _decode(data, encoding)
            if "\ufffd" in html:
                encoding, html, how = self._best_fit(data, encoding, html, how)
        elif _valid_utf8(data):
            # undeclared but valid UTF-8: no legacy Chinese text of any length passes as UTF-8
            encoding, html, how = "utf-8", data.decode("utf-8"), "detected"
        else:
            encoding = self._detect(data)
            html = _decode(data, encoding)
            how = "detected"
            if "\ufffd" in html:
                encoding, html, how = self._best_fit(data, encoding, html, how)
        doc.html = html
        doc.encoding = {"name": codecs.lookup(encoding).name, "how": how}
        if _looks_truncated(data):
            doc.flags.add("truncated")
        doc.note(self.name, f"encoding_{how}")
        return doc

    def _detect(self, data: bytes) -> str:
        return detect_encoding(
            data, self.opts["sample_bytes"], self.opts["detect_min_confidence"], self.opts["detect_clear_ratio"]
        )

    def _best_fit(self, data: bytes, encoding: str, html: str, how: str = "declared") -> tuple[str, str, str]:
        """When decoding left U+FFFD, try UTF-8 and the detected codec; keep the fewest replacements."""
        if _valid_utf8(data):
            return "utf-8", data.decode("utf-8"), "corrected"
        best = (html.count("\ufffd"), encoding, html, how)
        guess = self._detect(data)
        if guess != encoding:
            text = _decode(data, guess)
            if text.count("\ufffd") < best[0]:
                best = (text.count("\ufffd"), guess, text, "corrected")
        return best[1], best[2], best[3]
