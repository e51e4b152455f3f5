"""
Plugin registries: lazy entry points, unknown and broken plugins, name clashes,
``PARLIB_NO_PLUGINS``, and third-party rules, aggregations and serializers used by name.

Two kinds of installation are used, both real as far as :mod:`importlib.metadata` is
concerned: the how-to's package (docs/howto/write-a-plugin.md) is built and installed with
``pip install --target`` into a temporary directory, and smaller distributions are written
by hand (a module beside a ``.dist-info`` directory holding ``METADATA`` and
``entry_points.txt``). Scoring with the global registries happens in a fresh interpreter
with the directory on ``PYTHONPATH``, so that this process's registries stay untouched.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from parlib.aggregation import AGGREGATIONS, Minimum
from parlib.errors import ParlibError, UnknownNameError
from parlib.io import SERIALIZERS
from parlib.plugins import PluginError, Registry
from parlib.rules import RULES, Manual

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto" / "write-a-plugin.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
PIP_INSTALL = (
    sys.executable,
    "-m",
    "pip",
    "install",
    "--quiet",
    "--no-deps",
    "--no-build-isolation",
    "--no-index",
    "--disable-pip-version-check",
)
CAPTION = re.compile(r"\A:caption: (?P<name>\S+)\n\n")


# ---------------------------------------------------------------------------------------------
# helpers: distributions and fresh interpreters


def fake_distribution(
    site: Path, name: str, modules: Mapping[str, str], entry_points: Mapping[str, Mapping[str, str]]
) -> None:
    """Write *modules* and a ``.dist-info`` declaring *entry_points* into *site*."""
    site.mkdir(parents=True, exist_ok=True)
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    groups = "".join(
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()) + "\n" for group, eps in entry_points.items()
    )
    (info / "entry_points.txt").write_text(groups, encoding="utf-8")


def run_python(code: str, cwd: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run *code* in a fresh interpreter with *site* on ``PYTHONPATH``."""
    environ = {k: v for k, v in os.environ.items() if k != "PARLIB_NO_PLUGINS"}
    environ.update(PYTHONUTF8="1", PYTHONPATH=str(site), **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=120,
        check=False,
    )


def run_cli(*args: str, cwd: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``parlib ARGS...`` in a fresh interpreter with *site* on ``PYTHONPATH``."""
    return run_python(f"import sys; from parlib.cli import main; sys.exit(main({list(args)!r}))", cwd, site, **env)


def matches(shown: str, produced: str) -> bool:
    """Whether *produced* is what the page shows, ``...`` standing for anything."""
    return doctest.OutputChecker().check_output(shown, produced, doctest.ELLIPSIS)


# ---------------------------------------------------------------------------------------------
# the how-to's package, installed for real


def howto_blocks() -> list[tuple[str, str | None, str]]:
    """(language, caption, body) of every fence on the how-to page."""
    out = []
    for match in FENCE.finditer(HOWTO.read_text("utf-8")):
        body, caption = match["body"], None
        if (found := CAPTION.match(body)) is not None:
            caption, body = found["name"], body[found.end() :]
        out.append((match["info"].strip().split()[-1] if match["info"].strip() else "", caption, body))
    return out


def howto_file(caption: str) -> str:
    return next(body for _, cap, body in howto_blocks() if cap == caption)


def howto_output(after_command: str) -> str:
    """The ``text`` block that follows the ``sh`` block running *after_command*."""
    blocks = howto_blocks()
    for i, (lang, _, body) in enumerate(blocks):
        if lang == "sh" and body.strip() == after_command:
            assert blocks[i + 1][0] == "text"
            return blocks[i + 1][2]
    raise AssertionError(f"no `{after_command}` on the how-to page")


def install_from_source(source: Path, site: Path) -> None:
    """``pip install --target`` the package in *source*; by hand from its pyproject.toml without hatchling."""
    if importlib.util.find_spec("hatchling") is not None:
        subprocess.run(
            [*PIP_INSTALL, "--target", str(site), str(source)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return
    project = tomllib.loads((source / "pyproject.toml").read_text("utf-8"))["project"]  # pragma: no cover
    modules = {p.stem: p.read_text("utf-8") for p in source.glob("*.py")}  # pragma: no cover
    fake_distribution(site, project["name"], modules, project["entry-points"])  # pragma: no cover


@pytest.fixture(scope="module")
def stars_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The how-to's package, built from the page's files and installed into a fresh directory."""
    source = tmp_path_factory.mktemp("stars-src")
    for name in ("parlib_stars.py", "pyproject.toml"):
        (source / name).write_text(howto_file(name), encoding="utf-8")
    site = tmp_path_factory.mktemp("stars-site")
    install_from_source(source, site)
    return site


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A directory holding only the how-to's data files (not the plugin's module)."""
    for name in ("library.toml", "library-2024.toml"):
        (tmp_path / name).write_text(howto_file(name), encoding="utf-8")
    return tmp_path


def test_the_installed_distribution_declares_the_entry_point(stars_site: Path) -> None:
    [info] = stars_site.glob("parlib_stars-1.0.dist-info")
    assert "[parlib.rules]\nstars = parlib_stars:Stars" in (info / "entry_points.txt").read_text("utf-8")


def test_an_installed_rule_is_scored_by_name_from_a_toml_file(stars_site: Path, library: Path) -> None:
    done = run_cli("score", "library-2024.toml", "--framework", "library.toml", cwd=library, site=stars_site)
    assert (done.returncode, done.stderr) == (0, "")
    console = next(body for lang, _, body in howto_blocks() if lang == "console")
    shown = console.split("\n", 1)[1]
    assert [line.rstrip() for line in done.stdout.splitlines()] == shown.rstrip("\n").splitlines()


def test_the_rule_comes_from_the_entry_point_lazily(stars_site: Path, library: Path) -> None:
    code = """
        import sys
        from parlib.rules import RULES
        before = "stars" in RULES.names(), "parlib_stars" in sys.modules
        from parlib.io import load_framework
        rule = load_framework("library.toml").criterion("2").rule
        print(before, type(rule).__module__, type(rule).__name__, "stars" in RULES.names())
    """
    done = run_python(textwrap.dedent(code), library, stars_site)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "(False, False) parlib_stars Stars True\n"


def test_an_unknown_rule_lists_the_plugins_too(stars_site: Path, library: Path) -> None:
    text = (library / "library.toml").read_text("utf-8").replace('type = "boolean"', 'type = "starz"')
    (library / "library.toml").write_text(text, encoding="utf-8")
    done = run_cli("validate", "library.toml", cwd=library, site=stars_site)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("library.toml: unknown rule 'starz'; known: bands, boolean,")
    assert ", stars, " in line
    assert line.endswith("@ $.criteria[0].rule.type")


def test_parlib_no_plugins_ignores_entry_points(stars_site: Path, library: Path) -> None:
    done = run_cli("validate", "library.toml", cwd=library, site=stars_site, PARLIB_NO_PLUGINS="1")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert matches(howto_output("PARLIB_NO_PLUGINS=1 parlib validate library.toml"), done.stderr)
    assert ", stars" not in done.stderr


def test_a_broken_plugin_is_named_and_others_still_load(
    stars_site: Path, library: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    broken = tmp_path_factory.mktemp("broken-site")
    for item in stars_site.glob("parlib_stars-1.0.dist-info/*"):  # the metadata without the module
        target = broken / item.parent.name / item.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(item.read_bytes())
    fake_distribution(
        broken,
        "parlib-other",
        {"parlib_other": "from parlib.rules import Manual as Other\n"},
        {"parlib.rules": {"other": "parlib_other:Other"}},
    )
    done = run_cli("validate", "library.toml", cwd=library, site=broken)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert matches(howto_output("parlib validate library.toml"), done.stderr)
    text = (
        (library / "library.toml")
        .read_text("utf-8")
        .replace('"stars" }', '"other" }')
        .replace('"stars", of = 3, ', '"other", ')
    )
    (library / "library.toml").write_text(text, encoding="utf-8")
    done = run_cli("validate", "library.toml", cwd=library, site=broken)
    assert (done.returncode, done.stdout, done.stderr) == (0, "library.toml: ok\n", "")


# ---------------------------------------------------------------------------------------------
# a third-party aggregation and serializer, from a hand-written distribution

EXTRAS = {
    "parlib_extras": '''
        """A median aggregation and a JSON-with-comments file format, as third-party plugins."""

        from __future__ import annotations

        import json
        from decimal import Decimal
        from fractions import Fraction
        from typing import Any, ClassVar

        import attrs

        from parlib.aggregation import Combined
        from parlib.errors import ProblemsError
        from parlib.io.text import to_json


        @attrs.frozen
        class Median:
            type: ClassVar[str] = "median"
            additive: ClassVar[bool] = False

            def check(self):
                return []

            def combine(self, parts, maximum):
                xs = sorted(p.index for p in parts if p.weight > 0)
                if not xs:
                    return Combined(None, Fraction(0), "no applicable weight")
                mid = len(xs) // 2
                median = xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2
                return Combined(median * maximum / 100, maximum, f"median {median}%")


        class JsonWithComments:
            name = "jsonc"
            suffixes = (".jsonc",)

            def parse(self, text: str) -> Any:
                kept = "\\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
                try:
                    return json.loads(kept, parse_float=Decimal)
                except ValueError as exc:
                    raise ProblemsError.one(f"JSONC syntax error: {exc}") from None

            def render(self, data):
                return "// written by parlib-extras\\n" + to_json(data)


        JSONC = JsonWithComments()
    ''',
}

EXTRAS_ENTRY_POINTS = {
    "parlib.aggregations": {"median": "parlib_extras:Median"},
    "parlib.serializers": {"jsonc": "parlib_extras:JSONC"},
}

FRAMEWORK = """
id = "svc"
version = "1"
title = { en = "Services" }
languages = ["en"]
aggregation = "weighted-mean"

[[criteria]]
id = "a"
label = { en = "Access" }
aggregation = "median"

[[criteria.children]]
id = "a.1"
label = { en = "One" }
max = 10
rule = { type = "manual" }

[[criteria.children]]
id = "a.2"
label = { en = "Two" }
max = 10
rule = { type = "manual" }

[[criteria.children]]
id = "a.3"
label = { en = "Three" }
max = 10
rule = { type = "manual" }

[[criteria]]
id = "b"
label = { en = "Rating" }
max = 10
rule = { type = "stars" }
"""

ASSESSMENT = """// an assessment in the plugin's format
{
  "framework": {"id": "svc", "version": "1"},
  "period": "2024",
  "subject": {"id": "u", "name": {"en": "Unit"}},
  // the median of 20%, 50% and 90% is 50%
  "responses": [
    {"criterion": "a.1", "value": 2},
    {"criterion": "a.2", "value": 5.0},
    {"criterion": "a.3", "value": 9},
    {"criterion": "b", "value": 3}
  ]
}
"""


@pytest.fixture
def extras(tmp_path: Path, stars_site: Path) -> tuple[Path, Path]:
    """(working directory, PYTHONPATH) with the extras and the stars plugin installed."""
    site = tmp_path / "site"
    fake_distribution(site, "parlib-extras", EXTRAS, EXTRAS_ENTRY_POINTS)
    work = tmp_path / "work"
    work.mkdir()
    (work / "svc.toml").write_text(FRAMEWORK, encoding="utf-8")
    (work / "unit.jsonc").write_text(ASSESSMENT, encoding="utf-8")
    return work, Path(f"{site}{os.pathsep}{stars_site}")


def test_a_third_party_aggregation_and_serializer_by_name(extras: tuple[Path, Path]) -> None:
    work, path = extras
    code = """
        import json
        from parlib import Assessment, score
        from parlib.io import dumps, load_assessment, load_framework, loads
        fw = load_framework("svc.toml")
        unit = load_assessment("unit.jsonc")  # by suffix
        card = score(fw, unit)
        again = loads(dumps(unit, "jsonc"), Assessment, "jsonc", source="x.jsonc")  # by name
        print(json.dumps({
            "aggregation": type(fw.criterion("a").aggregation).__module__,
            "a": str(card.node("a").points), "detail": card.node("a").detail,
            "b": str(card.node("b").points), "total": str(card.total.points),
            "round_trip": again == unit, "first_line": dumps(unit, "jsonc").splitlines()[0],
        }))
    """
    done = run_python(textwrap.dedent(code), work, path)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {
        "aggregation": "parlib_extras",
        "a": "50",
        "detail": "median 50%",
        "b": "6",
        "total": "55",
        "round_trip": True,
        "first_line": "// written by parlib-extras",
    }


def test_the_command_line_reads_a_plugin_format_by_suffix(extras: tuple[Path, Path]) -> None:
    work, path = extras
    done = run_cli("score", "unit.jsonc", "--framework", "svc.toml", "--format", "json", cwd=work, site=path)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout, parse_float=Decimal)["total"]["points"] == Decimal("55.00")


def test_without_plugins_the_suffix_and_the_aggregation_are_unknown(extras: tuple[Path, Path]) -> None:
    work, path = extras
    done = run_cli("validate", "unit.jsonc", cwd=work, site=path, PARLIB_NO_PLUGINS="1")
    assert done.returncode == 1
    assert done.stderr == "unit.jsonc: unknown file type '.jsonc'; known: .json, .toml @ $\n"
    done = run_cli("validate", "svc.toml", cwd=work, site=path, PARLIB_NO_PLUGINS="1")
    assert done.returncode == 1
    assert "svc.toml: unknown aggregation 'median'; known: additive," in done.stderr
    assert "@ $.criteria[0].aggregation.type" in done.stderr


# ---------------------------------------------------------------------------------------------
# the Registry itself, in this process, on fresh registries and a private entry-point group


@pytest.fixture
def widgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Registry[object], str]]:
    """A fresh registry over a private group, with a distribution of two good widgets and a broken one."""
    group = f"parlib_test.widgets_{tmp_path.name.replace('-', '_')}"
    module = f"widgets_{tmp_path.name.replace('-', '_')}"
    fake_distribution(
        tmp_path,
        "widget-pack",
        {module: "ROUND = 'round'\nSQUARE = 'square'\nSHADOW = 'plugin-shadow'\n"},
        {
            group: {
                "round": f"{module}:ROUND",
                "square": f"{module}:SQUARE",
                "builtin": f"{module}:SHADOW",
                "cracked": "no_such_module_for_parlib_tests:THING",
                "hollow": f"{module}:MISSING",
            }
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("PARLIB_NO_PLUGINS", raising=False)
    registry: Registry[object] = Registry("widget", group=group)
    registry.register("builtin", "built-in")
    yield registry, module
    sys.modules.pop(module, None)


def test_entry_points_are_read_lazily_on_the_first_miss(widgets: tuple[Registry[object], str]) -> None:
    registry, module = widgets
    assert registry.get("builtin") == "built-in"
    assert registry.names() == ("builtin",)
    assert module not in sys.modules
    assert registry.get("round") == "round"
    assert module in sys.modules
    assert registry.names() == ("builtin", "round", "square")


def test_load_plugins_reads_every_entry_point_at_once(widgets: tuple[Registry[object], str]) -> None:
    registry, _ = widgets
    assert registry.load_plugins() == ("builtin", "round", "square")


def test_an_entry_point_does_not_replace_a_registered_name(widgets: tuple[Registry[object], str]) -> None:
    registry, _ = widgets
    registry.get("round")
    assert registry.get("builtin") == "built-in"


def test_an_unknown_name_lists_the_known_ones_including_plugins(widgets: tuple[Registry[object], str]) -> None:
    registry, _ = widgets
    with pytest.raises(UnknownNameError) as info:
        registry.get("oval")
    assert str(info.value) == "unknown widget 'oval'; known: builtin, round, square"
    assert info.value.known == ("builtin", "round", "square")
    assert isinstance(info.value, ParlibError)
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        (
            "cracked",
            "no_such_module_for_parlib_tests:THING",
            "ModuleNotFoundError: No module named 'no_such_module_for_parlib_tests'",
        ),
        ("hollow", "{module}:MISSING", "AttributeError: "),
    ],
)
def test_a_broken_plugin_raises_an_error_naming_it(
    widgets: tuple[Registry[object], str], name: str, value: str, error: str
) -> None:
    registry, module = widgets
    for _ in range(2):  # the same error every time it is asked for
        with pytest.raises(PluginError) as info:
            registry.get(name)
        message = str(info.value)
        assert message.startswith(f"widget plugin {name!r} ({value.format(module=module)}) failed to load: {error}")
        assert info.value.__cause__ is not None
        assert isinstance(info.value, ParlibError)
    assert registry.get("square") == "square"  # the others load all the same
    assert name not in registry.names()


def test_parlib_no_plugins_disables_entry_points(
    widgets: tuple[Registry[object], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, module = widgets
    monkeypatch.setenv("PARLIB_NO_PLUGINS", "1")
    with pytest.raises(UnknownNameError, match=r"^unknown widget 'round'; known: builtin$"):
        registry.get("round")
    assert module not in sys.modules
    monkeypatch.delenv("PARLIB_NO_PLUGINS")
    assert registry.get("round") == "round"


def test_registering_a_name_twice_is_an_error_unless_replacing() -> None:
    registry: Registry[int] = Registry("number", group=None)
    registry.register("one", 1)
    with pytest.raises(PluginError, match=r"^number 'one' is already registered; pass replace=True to replace it$"):
        registry.register("one", 2)
    assert registry.get("one") == 1
    registry.register("one", 2, replace=True)
    assert registry.get("one") == 2
    with pytest.raises(PluginError, match="a number name must be a non-empty string"):
        registry.register("", 3)


@pytest.mark.parametrize(
    ("registry", "name", "obj"),
    [(RULES, "manual", Manual), (AGGREGATIONS, "minimum", Minimum), (SERIALIZERS, "toml", object())],
    ids=["rules", "aggregations", "serializers"],
)
def test_the_built_ins_cannot_be_replaced_by_accident(registry: Registry[object], name: str, obj: object) -> None:
    before = registry.get(name)
    with pytest.raises(PluginError, match="already registered"):
        registry.register(name, obj)
    assert registry.get(name) is before


def test_the_three_registries_read_their_groups() -> None:
    assert (RULES.group, AGGREGATIONS.group, SERIALIZERS.group) == (
        "parlib.rules",
        "parlib.aggregations",
        "parlib.serializers",
    )
    assert (RULES.kind, AGGREGATIONS.kind, SERIALIZERS.kind) == ("rule", "aggregation", "serializer")
