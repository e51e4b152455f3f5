"""
The bundled example: a 2018 assessment of a provincial Department of Labour,
Invalids and Social Affairs against the ``vn-par-department-example`` framework.

It is modelled on a real inspection reported in the press (September 2018);
the framework is an example, not an official decision.

>>> assessment().subject.id
'so-ldtbxh'
>>> framework().id
'vn-par-department-example'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from parlib.assessment import Assessment
from parlib.framework import Framework

__all__ = ["DEFAULT", "assessment", "framework", "path"]

DEFAULT = "vn-par-department-example-2018"


def path(name: str = DEFAULT) -> Path:
    """
    The file of a bundled example assessment.

    >>> path().name
    'vn-par-department-example-2018.toml'
    """
    return Path(str(resources.files(__name__))) / f"{name}.toml"


@functools.cache
def assessment(name: str = DEFAULT) -> Assessment:
    """
    Load a bundled example assessment.

    >>> assessment().period
    '2018'
    """
    from parlib.io.files import load_assessment

    return load_assessment(path(name))


def framework(name: str = DEFAULT) -> Framework:
    """
    The bundled framework that an example assessment answers.

    >>> framework().version
    '2018.1'
    """
    from parlib import frameworks

    return frameworks.get(assessment(name).framework.id)
