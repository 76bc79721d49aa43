"""The figures of the trend workbook, computed as plain data from the cleaned waves."""
