"""The ``hypothesis`` entry point: registers parlib's strategies with ``st.from_type``."""


def _hypothesis_setup_hook() -> None:
    """Register strategies for parlib's types (filled in by parlib.testing.strategies)."""
