"""Exports: workbooks, CSV and SPSS files written from cleaned waves."""
