"""The trend workbook, written with xlsxwriter in constant-memory mode (row by row)."""
