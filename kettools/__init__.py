"""kettools: check health articles the way a careful medical editor would."""

__version__ = "0.1.0"  # the one place the version is set (pyproject reads it from here)

__all__ = ["__version__"]
