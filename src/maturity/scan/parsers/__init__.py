"""Shared parsers: read once, used by many detectors."""
