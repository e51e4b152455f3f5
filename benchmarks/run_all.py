"""
Run every ``benchmarks/bench_*.py`` in name order, each in its own process, and
print its output. Exits 1 if any benchmark script fails (a missed speed target is
reported by the script itself and is not a failure).

Run: `.venv/bin/python benchmarks/run_all.py` (or `make bench`).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print(f"no bench_*.py in {HERE}")
        return 1
    failed = []
    for script in scripts:
        print(f"== {script.name} ==", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], check=False)  # noqa: S603  (our own scripts)
        print(f"== {script.name}: exit {done.returncode} after {time.perf_counter() - start:.1f} s ==\n", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    print(f"all {len(scripts)} benchmark scripts ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
