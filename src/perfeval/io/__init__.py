"""Input and output: JSON, JSON Lines, workbooks and data frames."""
