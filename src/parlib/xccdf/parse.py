"""
Safe XML reading with the standard library's expat parser: no DTDs, no entities.

A document type declaration (``<!DOCTYPE ...>``) is refused before its
first declaration is read, so neither entity expansion (the "billion
laughs") nor external entities (``SYSTEM "file:///etc/passwd"``) can take
effect, and any entity declaration, external reference or unparsed entity
that still reached the parser would be refused too. Malformed XML becomes a
:class:`~parlib.errors.LoadError` naming the file, line, column and the
element being read, with an XPath-like path to it.

>>> doc = read_xml(b'<a xmlns="urn:x"><b id="1"/></a>', "x.xml")
>>> doc.root.tag, doc.line_of(doc.root[0])
('{urn:x}a', 1)
>>> read_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "bad.xml")
Traceback (most recent call last):
...
parlib.errors.LoadError: bad.xml: refused a document type declaration (<!DOCTYPE a>) at line 1: parlib reads XML without DTDs, whose entities can expand without bound or read other files @ /
"""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

import attrs

from parlib.errors import LoadError, Problem

__all__ = ["XmlDocument", "local_name", "read_xml", "step"]


class _RefusedError(Exception):
    """Raised inside an expat handler to stop at a forbidden construct."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def local_name(tag: str) -> str:
    """
    The local part of a ``{namespace}name`` tag.

    >>> local_name("{http://checklists.nist.gov/xccdf/1.2}Rule"), local_name("plain")
    ('Rule', 'plain')
    """
    return tag.rpartition("}")[2]


def step(tag: str, attrib: dict[str, str], position: int) -> str:
    """
    One XPath-like step for an element: its local name with ``[@id='...']`` when it
    has an id, else its position among same-named siblings.

    >>> step("{urn:x}Rule", {"id": "r1"}, 3), step("{urn:x}select", {}, 2)
    ("Rule[@id='r1']", 'select[2]')
    """
    name = local_name(tag)
    ident = attrib.get("id")
    return f"{name}[@id={ident!r}]" if ident else f"{name}[{position}]"


@attrs.frozen
class XmlDocument:
    """
    A parsed document: the root element, the line each element starts on, and the file name.

    >>> read_xml(b"<a/>", "a.xml").file
    'a.xml'
    """

    root: ET.Element
    lines: dict[ET.Element, int] = attrs.field(eq=False, repr=False)
    file: str

    def line_of(self, element: ET.Element) -> int:
        """
        The line an element starts on (0 when unknown).

        >>> read_xml(b"<a>\\n<b/></a>", "a.xml").line_of(ET.Element("c"))
        0
        """
        return self.lines.get(element, 0)


def _clark(name: str) -> str:
    """Expat's ``uri}local`` (namespace separator ``}``) as ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


class _Builder:
    """Expat handlers that build an ElementTree and keep line numbers and the open-element path."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.tree = ET.TreeBuilder()
        self.lines: dict[ET.Element, int] = {}
        self.stack: list[str] = []
        self.counts: list[dict[str, int]] = [{}]

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _clark(name)
        attrib = {_clark(k): v for k, v in attributes.items()} if attributes else {}
        element = self.tree.start(tag, attrib)
        self.lines[element] = self.parser.CurrentLineNumber
        siblings = self.counts[-1]
        siblings[tag] = siblings.get(tag, 0) + 1
        self.stack.append(step(tag, attrib, siblings[tag]))
        self.counts.append({})

    def end(self, name: str) -> None:
        self.tree.end(_clark(name))
        self.stack.pop()
        self.counts.pop()

    def path(self) -> str:
        return "/" + "/".join(self.stack)


def _refuse(what: str) -> _RefusedError:
    return _RefusedError(
        f"refused {what}: parlib reads XML without DTDs, whose entities can expand without bound or read other files"
    )


def _install(parser: expat.XMLParserType, builder: _Builder) -> None:
    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
        raise _refuse(f"a document type declaration (<!DOCTYPE {name}>) at line {parser.CurrentLineNumber}")

    def entity(name: str, *_args: object) -> None:
        raise _refuse(f"the entity declaration {name!r} at line {parser.CurrentLineNumber}")

    def external(context: str | None, base: str | None, system_id: str | None, public_id: str | None) -> int:
        raise _refuse(f"the external entity {system_id!r} at line {parser.CurrentLineNumber}")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.tree.data
    parser.buffer_text = True


def read_xml(source: str | os.PathLike[str] | bytes, file: str | None = None) -> XmlDocument:
    """
    Parse XML from a path (or from bytes, named *file* in messages) without DTDs or entities.

    >>> read_xml(b"<a><b></a>", "m.xml")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: m.xml: malformed XML: mismatched tag at line 1, column 9, inside <b> @ /a[1]/b[1]
    """
    if isinstance(source, bytes):
        name = file or "<bytes>"
        stream: io.BufferedIOBase = io.BytesIO(source)
    else:
        name = file or str(source)
        try:
            stream = Path(source).open("rb")  # noqa: SIM115  (closed below)
        except OSError as exc:
            raise LoadError(name, [Problem(f"cannot read the file: {exc.strerror or exc}")]) from None
    parser = expat.ParserCreate(namespace_separator="}")
    builder = _Builder(parser)
    _install(parser, builder)
    try:
        with stream:
            parser.ParseFile(stream)
    except _RefusedError as exc:
        raise LoadError(name, [Problem(exc.message, "/")]) from None
    except expat.ExpatError as exc:
        where = f" at line {exc.lineno}, column {exc.offset + 1}"
        inside = f", inside <{local_name(builder.stack[-1].partition('[')[0])}>" if builder.stack else ""
        message = f"malformed XML: {expat.ErrorString(exc.code)}{where}{inside}"
        raise LoadError(name, [Problem(message, builder.path())]) from None
    root = builder.tree.close()
    return XmlDocument(root, builder.lines, name)
