"""Exporters: one module per target, like networkx's readwrite/."""
