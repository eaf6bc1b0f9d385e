"""graphbuild: knowledge graphs of political actors from news articles."""

__version__ = "0.1.0"
