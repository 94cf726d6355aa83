"""kettools: check health articles the way a careful medical editor would."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kettools")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
