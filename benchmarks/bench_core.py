"""
Core speed: `parlib demo` end to end, and the cost of `import parlib`.

1. `parlib demo` (the installed console script, else `python -m parlib`) in fresh
   processes: median of RUNS runs (target < 0.5 s), with a bare interpreter start
   (`python -c pass`) measured in the same run as the baseline.
2. `import parlib` against `import attrs, cattrs`, each timed inside fresh
   processes (only the import statement is timed, not the interpreter start),
   interleaved, median of IMPORT_RUNS runs each; prints both and the ratio
   (target <= 1.3). When the ratio misses the target, lists the modules that
   `import parlib` loads beyond attrs and cattrs, by their own import time
   (`python -X importtime`), to show what to make lazy.

Run: `.venv/bin/python benchmarks/bench_core.py` (or `make bench`).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
IMPORT_RUNS = 21
DEMO_TARGET_S = 0.5
IMPORT_TARGET_RATIO = 1.3
TIMED_IMPORT = "import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"
IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)$")
ENV = {**os.environ, "PYTHONUTF8": "1"}


def wall(cmd: list[str]) -> float:
    """Seconds from start to exit of *cmd* (its output is discarded; it must succeed)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)  # noqa: S603  (our own commands)
    return time.perf_counter() - start


def import_seconds(modules: str) -> float:
    """Seconds spent in `import <modules>` inside a fresh interpreter."""
    done = subprocess.run(  # noqa: S603  (sys.executable with fixed arguments)
        [sys.executable, "-c", TIMED_IMPORT.format(modules=modules)],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    )
    return float(done.stdout)


def demo_command() -> list[str]:
    script = Path(sys.executable).with_name("parlib")
    return [str(script), "demo"] if script.exists() else [sys.executable, "-m", "parlib", "demo"]


def bench_demo() -> None:
    cmd = demo_command()
    wall(cmd)  # warm the file cache and the bytecode cache
    demo, bare = [], []
    for _ in range(RUNS):
        demo.append(wall(cmd))
        bare.append(wall([sys.executable, "-c", "pass"]))
    med, base = statistics.median(demo), statistics.median(bare)
    verdict = "ok" if med < DEMO_TARGET_S else "MISSED"
    print(f"parlib demo, end to end ({' '.join(Path(c).name for c in cmd)}), {RUNS} runs:")
    print(f"  median {med:.3f} s (min {min(demo):.3f}, max {max(demo):.3f}); target < {DEMO_TARGET_S} s: {verdict}")
    print(f"  baseline python -c pass: median {base:.3f} s; demo / baseline = {med / base:.2f}x")


def modules_loaded(statement: str) -> dict[str, int]:
    """Module name -> own import time in microseconds, from `python -X importtime -c <statement>`."""
    done = subprocess.run(  # noqa: S603  (sys.executable with fixed arguments)
        [sys.executable, "-X", "importtime", "-c", statement], check=True, capture_output=True, text=True, env=ENV
    )
    out: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = IMPORTTIME.match(line)
        if match:
            out[match.group(4)] = int(match.group(1))
    return out


def explain_imports(top: int = 15) -> None:
    """Print what `import parlib` loads beyond `import attrs, cattrs`, by own import time."""
    baseline = modules_loaded("import attrs, cattrs")
    extra = {name: us for name, us in modules_loaded("import parlib").items() if name not in baseline}
    total = sum(extra.values())
    print(f"  modules loaded by `import parlib` beyond attrs and cattrs: {len(extra)}, {total / 1000:.1f} ms own time")
    for name, us in sorted(extra.items(), key=lambda item: -item[1])[:top]:
        print(f"    {us / 1000:6.1f} ms  {name}")


def bench_import() -> None:
    import_seconds("parlib")  # warm caches
    base, lib = [], []
    for _ in range(IMPORT_RUNS):
        base.append(import_seconds("attrs, cattrs"))
        lib.append(import_seconds("parlib"))
    med_base, med_lib = statistics.median(base), statistics.median(lib)
    ratio = med_lib / med_base
    verdict = "ok" if ratio <= IMPORT_TARGET_RATIO else "MISSED"
    print(f"import cost in fresh processes (import statement only), median of {IMPORT_RUNS}:")
    print(f"  import attrs, cattrs  {med_base * 1000:7.1f} ms")
    print(f"  import parlib         {med_lib * 1000:7.1f} ms")
    print(f"  ratio parlib / (attrs, cattrs) = {ratio:.2f}; target <= {IMPORT_TARGET_RATIO}: {verdict}")
    if ratio > IMPORT_TARGET_RATIO:
        explain_imports()


def main() -> int:
    print(f"bench_core: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    bench_demo()
    bench_import()
    return 0


if __name__ == "__main__":
    sys.exit(main())
