"""Frameworks as data: models, loader, and where frameworks come from."""
