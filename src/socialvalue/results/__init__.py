"""What every result shares, built-in or plugin: the base class, the report tree and its renderers,
the formatting policy, provenance, and the registries of DataFrames (:mod:`.frames`) and charts
(:mod:`.plotting`) in which each framework declares its own.

Nothing is imported here, so importing one part does not import the others (nor pandas or
matplotlib).
"""
