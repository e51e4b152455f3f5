"""
Reading and writing parlib objects: the converter, TOML and JSON, and files.

>>> from parlib import examples
>>> from parlib.io import dumps, loads
>>> fw = examples.framework()
>>> loads(dumps(fw, "json"), type(fw), "json") == fw
True
"""

from __future__ import annotations

from parlib.io.converter import configure_converter, make_converter, problems_from
from parlib.io.files import (
    SERIALIZERS,
    Serializer,
    dump,
    dumps,
    load,
    load_assessment,
    load_framework,
    loads,
    read,
    structure,
    unstructure,
)

__all__ = [
    "SERIALIZERS",
    "Serializer",
    "configure_converter",
    "dump",
    "dumps",
    "load",
    "load_assessment",
    "load_framework",
    "loads",
    "make_converter",
    "problems_from",
    "read",
    "structure",
    "unstructure",
]
