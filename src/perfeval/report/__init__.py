"""The reporting wing: audits and scorecards out — text, JSON, CSV, the working paper, data frames, HTML.

A report never computes a score and never parses a path back out of a
string it made.  Nothing is imported here, so that writing one format does
not load the others (pandas, openpyxl).
"""
