"""Built-in detectors, one module per area; each module exports ``DETECTORS``.

The list of modules is in ``maturity.scan.registry.BUILTIN_MODULES``.
"""
