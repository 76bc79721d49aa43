"""Reading the workbook back: sheets as frames, blocks of the Thema's sheet."""

from __future__ import annotations

import zipfile

import pandas as pd


def trends_frame(path) -> pd.DataFrame:
    """Return the Trends sheet as a frame (its header is on the fourth row)."""
    return pd.read_excel(path, sheet_name="Trends", header=3)


def data_frame(path, label: str) -> pd.DataFrame:
    """Return a wave's data sheet as a frame."""
    return pd.read_excel(path, sheet_name=f"Data {label}")


def codebook(path) -> pd.DataFrame:
    """Return the Codeboek sheet as a frame indexed by variable."""
    return pd.read_excel(path, sheet_name="Codeboek", header=2).set_index("Variabele")


def missing_codes(book: pd.DataFrame, variable: str) -> list[float]:
    """Return the missing codes the codebook lists for a variable ("98 = Weet ik niet")."""
    cell = book.loc[variable, "Ontbrekende waarden"]
    if not isinstance(cell, str):
        return []
    return [float(line.split("=", 1)[0]) for line in cell.splitlines()]


def block(path, sheet: str, title: str) -> pd.DataFrame:
    """Return the table under a block title (header on the next row, until a blank row)."""
    raw = pd.read_excel(path, sheet_name=sheet, header=None)
    start = raw.index[raw[0] == title][0]
    header = [_name(c) for c in raw.iloc[start + 1].tolist()]
    rows = []
    for index in range(start + 2, len(raw)):
        if pd.isna(raw.iloc[index, 0]):
            break
        rows.append(raw.iloc[index].tolist())
    frame = pd.DataFrame(rows, columns=header)
    return frame.loc[:, [c for c in frame.columns if c != "nan"]]


def sheet_xml(path) -> dict[str, str]:
    """Return the XML of every worksheet part of the file."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def _name(value) -> str:
    """Return a header cell as text (pandas may read "2024" back as a number)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
