"""Exports for researchers: the trend workbook, long CSV and SPSS files, from cleaned waves."""
