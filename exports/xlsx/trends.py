"""The Trends, Thema's (with charts) and Breakdowns sheets."""

from __future__ import annotations

from peiling.exports.figures.breakdowns import breakdown_blocks
from peiling.exports.figures.themes import theme_blocks
from peiling.exports.figures.trends import trend_rows
from peiling.exports.labels import STATUS, text
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import ALPHA, Change, Estimate
from peiling.exports.xlsx.writer import SheetWriter

CHART_ROWS = 16


def _status(lang: str, reason: str, k: int) -> str | None:
    if reason == "new_option":
        return text(lang, "new_option")
    if reason == "suppressed":
        return text(lang, "suppressed", k=k)
    if reason == "not_shown":
        return None
    return STATUS[lang].get(reason, reason)


def _estimate_cells(estimate: Estimate | None, k: int, lang: str, fmt: str, count=None):
    """Return value, N, low, high cells (and formats) of one wave."""
    if estimate is None:
        return [None, count, None, None], [fmt, "int", fmt, fmt]
    if estimate.value is not None and estimate.n < k:
        hidden = text(lang, "suppressed", k=k)
        return [hidden, hidden, None, None], ["suppressed"] * 4
    return [estimate.value, estimate.n, estimate.low, estimate.high], [fmt, "int", fmt, fmt]


def _change_cells(change, lang: str, k: int, share: bool):
    if isinstance(change, Change):
        difference = change.difference
        if difference is not None and share:
            difference *= 100
        significant = None
        if change.significant is not None:
            significant = text(lang, "yes" if change.significant else "no")
        return [difference, change.p_value, significant], ["pp" if share else "diff", "p", None]
    if change is None:
        return [None, None, None], [None, None, None]
    return [_status(lang, change, k), None, None], ["suppressed", None, None]


def write_trends(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write one row per option (share), scale (mean) and missing code, waves side by side."""
    lang, k = options.lang, options.small_cell_k
    out.write([text(lang, "trends_title")], "title")
    out.write([text(lang, "trends_method", alpha=ALPHA, k=k)], "note", widths=False)
    out.blank()
    header = [
        text(lang, "question"),
        text(lang, "variable"),
        text(lang, "text"),
        text(lang, "row_kind"),
        text(lang, "code"),
        text(lang, "option"),
    ]
    for label in source.labels:
        header += [text(lang, name, wave=label) for name in ("value", "n", "low", "high")]
    for old, new in source.pairs():
        header += [
            text(lang, name, old=old, new=new)
            for name in ("change", "p_value", "significant", "comparability")
        ]
    out.sheet.set_row(out.row, 45)  # before the row is written: rows stream out in order
    first = out.write(header, "header", widths=False)
    kinds = {
        "option": text(lang, "kind_option"),
        "mean": text(lang, "kind_mean"),
        "missing": text(lang, "kind_missing"),
    }
    for row in trend_rows(source, options):
        item = row.variable
        label = row.label if row.kind != "mean" else text(lang, "mean_label")
        values = [
            item.question.key,
            item.name,
            item.label(lang) if item.kind in ("code", "number") else item.question.text.get(lang),
            kinds[row.kind],
            row.code,
            label,
        ]
        formats = [None] * 6
        fmt = "pct" if row.kind == "option" else "mean"
        for wave in source.labels:
            count = row.counts.get(wave) if row.kind == "missing" else None
            cells, cell_formats = _estimate_cells(row.estimates.get(wave), k, lang, fmt, count)
            values += cells
            formats += cell_formats
        for pair in source.pairs():
            cells, cell_formats = _change_cells(
                row.changes.get(pair), lang, k, row.kind == "option"
            )
            item_status = source.comparability.get(pair, {}).get(item.storage_key)
            values += cells + [STATUS[lang].get(item_status.status) if item_status else None]
            formats += cell_formats + [None]
        out.write(values, formats)
    out.sheet.autofilter(first, 0, max(out.row - 1, first), len(header) - 1)
    out.sheet.freeze_panes(first + 1, 2)
    out.fit_columns({0: 22, 1: 26, 2: 50, 3: 12, 4: 6, 5: 34})
    for col in range(6, len(header)):
        out.sheet.set_column(col, col, 13)


def write_themes(out: SheetWriter, source: TrendInput, options: ExportOptions, workbook) -> None:
    """Write per theme measure a table (themes x waves) and a line chart of it."""
    lang, k = options.lang, options.small_cell_k
    labels = source.labels
    out.write([text(lang, "themes_title")], "title")
    out.write([text(lang, "themes_method")], "note", widths=False)
    out.blank()
    blocks = theme_blocks(source, options)
    chart_col = 2 + 2 * len(labels) + 4
    pairs = source.pairs()
    for index, block in enumerate(blocks):
        share = block.key == "gap_share"
        fmt = "pct" if share else "mean"
        out.write([block.title], "subtitle")
        header = [text(lang, "theme"), *labels, *[f"N {w}" for w in labels]]
        if pairs:
            old, new = pairs[-1]
            header += [
                text(lang, name, old=old, new=new) for name in ("change", "p_value", "significant")
            ]
        header_row = out.write(header, "header", widths=False)
        for row_key, theme in block.themes:
            values, formats, counts = [theme], [None], []
            for wave in labels:
                estimate = block.estimates[row_key].get(wave)
                cells, cell_formats = _estimate_cells(estimate, k, lang, fmt)
                values.append(cells[0])
                formats.append(cell_formats[0])
                counts.append(cells[1])
            values += counts
            formats += ["suppressed" if isinstance(c, str) else "int" for c in counts]
            if pairs:
                cells, cell_formats = _change_cells(block.changes.get(row_key), lang, k, share)
                values += cells
                formats += cell_formats
            out.write(values, formats)
        _chart(
            workbook,
            out,
            block.title,
            header_row,
            len(block.themes),
            len(labels),
            (index * CHART_ROWS, chart_col),
            share,
        )
        out.blank()
    out.sheet.set_column(0, 0, 28)
    out.sheet.set_column(1, chart_col - 1, 12)


def _chart(workbook, out, title, header_row, n_rows, n_waves, where, share) -> None:
    chart = workbook.add_chart({"type": "line"})
    for i in range(n_rows):
        row = header_row + 1 + i
        chart.add_series(
            {
                "name": [out.name, row, 0],
                "categories": [out.name, header_row, 1, header_row, n_waves],
                "values": [out.name, row, 1, row, n_waves],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": "0%" if share else "0.0", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "right"})
    chart.set_size({"width": 620, "height": 300})
    out.sheet.insert_chart(where[0], where[1], chart)


def write_breakdowns(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write the latest wave's theme means per size class, province and domain."""
    lang, k = options.lang, options.small_cell_k
    out.write([text(lang, "breakdowns_title", wave=source.labels[-1])], "title")
    out.write(
        [text(lang, "themes_method") + " " + text(lang, "trends_method", alpha=ALPHA, k=k)],
        "note",
        widths=False,
    )
    out.blank()
    hidden = text(lang, "suppressed", k=k)
    for block in breakdown_blocks(source, options):
        out.write([block.title], "subtitle")
        out.write(
            [
                text(lang, "dimension"),
                text(lang, "category"),
                "N",
                *[theme for _, theme in block.themes],
            ],
            "header",
            widths=False,
        )
        for dimension, category, n in block.groups:
            values = [text(lang, dimension), category, n if n >= k else hidden]
            formats = [None, None, "int" if n >= k else "suppressed"]
            for row_key, _ in block.themes:
                estimate = block.cells[(dimension, category)].get(row_key)
                if estimate is None or estimate.value is None:
                    values.append(None)
                    formats.append(None)
                elif estimate.n < k:
                    values.append(hidden)
                    formats.append("suppressed")
                else:
                    values.append(estimate.value)
                    formats.append("mean")
            out.write(values, formats)
        out.blank()
    out.fit_columns({0: 26, 1: 24, 2: 8})
