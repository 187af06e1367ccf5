"""Reading cell text into plain values: normalising, numbers and units, dates, words, operators.

The floor below the typed values: cell text in, plain values out (R2, R3,
R5.2, R6.1).  :mod:`perfeval.reading.indicators` reads a whole indicator row
under a rule set and so sits above :mod:`perfeval.values` and
:mod:`perfeval.rules`.  Nothing is imported here, so that importing one
module of the package does not pull in the others.
"""
