"""Verbatim: patient-experience verbatims into themes and weak signals."""

__version__ = "0.1.0"
