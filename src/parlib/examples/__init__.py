"""
The bundled example: a 2018 assessment of a provincial Department of Labour,
Invalids and Social Affairs against the ``vn-par-department-example`` framework.

It is modelled on a real inspection reported in the press (September 2018);
the framework is an example, not an official decision. The file carries the
whole inspection as score layers (:func:`inspection`); :func:`assessment` is
its result, the last layer as a single-layer assessment.

>>> assessment().subject.id
'so-ldtbxh'
>>> inspection().layer_names[-1], assessment().layers
('final', ())
>>> framework().id
'vn-par-department-example'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from parlib.assessment import Assessment
from parlib.framework import Framework

__all__ = ["DEFAULT", "assessment", "framework", "inspection", "path"]

DEFAULT = "vn-par-department-example-2018"


def path(name: str = DEFAULT) -> Path:
    """
    The file of a bundled example assessment.

    >>> path().name
    'vn-par-department-example-2018.toml'
    """
    return Path(str(resources.files(__name__))) / f"{name}.toml"


@functools.cache
def inspection(name: str = DEFAULT) -> Assessment:
    """
    Load a bundled example assessment as its file has it, with every layer.

    >>> inspection().layer("appraisal-1").adjustment("4.2.2").change()
    'true -> false'
    """
    from parlib.io.files import load_assessment

    return load_assessment(path(name))


@functools.cache
def assessment(name: str = DEFAULT) -> Assessment:
    """
    A bundled example assessment's result: its last layer's responses as a
    single-layer assessment (:meth:`~parlib.assessment.Assessment.flatten`).

    >>> assessment().period
    '2018'
    """
    record = inspection(name)
    return record.flatten() if record.layers else record


def framework(name: str = DEFAULT) -> Framework:
    """
    The bundled framework that an example assessment answers.

    >>> framework().version
    '2018.1'
    """
    from parlib import frameworks

    return frameworks.get(assessment(name).framework.id)
