"""The reading wing: input files to records — JSON, JSON Lines and the grid formats (xlsx, xls, ods, docx, pdf).

Every input record becomes one :class:`~perfeval.record.Record`: a table, or
the located error that kept it from being one.  Nothing is imported here, so
that reading one format does not load the others.
"""
