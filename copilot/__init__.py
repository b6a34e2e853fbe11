"""Reply copilot for marketplace support operators."""

__version__ = "0.1.0"
