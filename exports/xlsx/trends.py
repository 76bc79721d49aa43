"""The Trends, Thema's (with charts) and Breakdowns sheets."""

from __future__ import annotations

import re

from xlsxwriter.utility import quote_sheetname, xl_range_abs

from peiling.exports.design import wave_estimators
from peiling.exports.disclosure import suppressed
from peiling.exports.figures.breakdowns import breakdown_blocks
from peiling.exports.figures.themes import theme_blocks
from peiling.exports.figures.trends import trend_rows
from peiling.exports.labels import GAP_MEASURES, LEVELS, STATUS, text, verdict_words
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import ALPHA, Change, Estimate, with_q_values
from peiling.exports.xlsx.writer import SheetWriter, repeat_header
from peiling.questionnaires.comparability import Verdict

P_FLOOR = 0.001


def p_cell(lang: str, p_value: float | None):
    """Return a p- or q-value as written: a number, or "< 0,001" (in the sheet's language)."""
    if p_value is None:
        return None
    if p_value < P_FLOOR:
        return "< 0,001" if lang == "nl" else "< 0.001"
    return p_value


CHART_ROWS = 16
CHART_COLUMNS = 11  # a chart's width (620 pixels) in columns of the default width


def _status(lang: str, reason, k: int) -> str | None:
    if isinstance(reason, Verdict):
        return LEVELS[lang][reason.level]
    if reason == "new_option":
        return text(lang, "new_option")
    if reason == "suppressed":
        return text(lang, "suppressed", k=k)
    if reason == "not_shown":
        return None
    return STATUS[lang].get(reason, reason)


def _estimate_cells(
    estimate: Estimate | None, k: int, lang: str, fmt: str, count=None, asked: bool = True
):
    """Return value, N, low, high cells (and formats) of one wave."""
    if estimate is None:
        shown = None if asked else text(lang, "not_asked")
        return [shown, count, None, None], ["suppressed", "int", fmt, fmt]
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
        p_value, q_value = p_cell(lang, change.p_value), p_cell(lang, change.q_value)
        return [difference, p_value, q_value, significant], [
            "pp" if share else "diff",
            "p" if not isinstance(p_value, str) else "suppressed",
            "p" if not isinstance(q_value, str) else "suppressed",
            None,
        ]
    if change is None:
        return [None, None, None, None], [None, None, None, None]
    return [_status(lang, change, k), None, None, None], ["suppressed", None, None, None]


def write_trends(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write one row per option (share), scale (mean) and missing code, waves side by side."""
    lang, k = options.lang, options.small_cell_k
    out.write([text(lang, "trends_title")], "title")
    columns = 6 + 4 * len(source.labels) + 5 * len(source.pairs())
    out.note(method_note(source, options), columns, 150 + 15 * (columns - 6))
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
            for name in ("change", "p_value", "q_value", "significant", "comparability")
        ]
    out.sheet.set_row(out.row, 45)  # before the row is written: rows stream out in order
    first = out.write(header, "header", widths=False)
    kinds = {
        "option": text(lang, "kind_option"),
        "mean": text(lang, "kind_mean"),
        "missing": text(lang, "kind_missing"),
        "collapsed": text(lang, "kind_collapsed"),
    }
    rows = trend_rows(source, options)
    for pair in source.pairs():  # Benjamini-Hochberg over every test of a pair on this sheet
        tested = [r for r in rows if isinstance(r.changes.get(pair), Change)]
        adjusted = with_q_values([r.changes[pair] for r in tested])
        for row, change in zip(tested, adjusted, strict=True):
            row.changes[pair] = change
    for row in rows:
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
        fmt = "pct" if row.kind in ("option", "collapsed") else "mean"
        comparison = source.comparison
        for wave in source.labels:
            count = row.counts.get(wave) if row.kind == "missing" else None
            asked = row.kind == "missing" or _asked(comparison, wave, row)
            cells, cell_formats = _estimate_cells(
                row.estimates.get(wave), k, lang, fmt, count, asked
            )
            values += cells
            formats += cell_formats
        for pair in source.pairs():
            cells, cell_formats = _change_cells(
                row.changes.get(pair), lang, k, row.kind in ("option", "collapsed")
            )
            verdict = row.verdicts.get(pair)
            values += cells + [verdict_words(lang, verdict) if verdict else None]
            formats += cell_formats + [None]
        out.write(values, formats)
    out.sheet.autofilter(first, 0, max(out.row - 1, first), len(header) - 1)
    repeat_header(out.sheet, first, 2)
    out.fit_columns({0: 22, 1: 26, 2: 50, 3: 12, 4: 6, 5: 34})
    for col in range(6, len(header)):
        out.sheet.set_column(col, col, 13)


def _asked(comparison, wave: str, row) -> bool:
    """Tell whether a wave asked a Trends row (the question, and the option when it is one)."""
    item = comparison.wave_item(wave, row.variable.storage_key)
    if not item.asked:
        return False
    if row.kind == "option" and row.code is not None and row.variable.kind != "rank":
        return row.code in item.offered
    return row.kind != "collapsed" or row.estimates.get(wave) is not None


def write_themes(out: SheetWriter, source: TrendInput, options: ExportOptions, workbook) -> None:
    """Write per theme measure a table (themes x waves, with intervals and a test for every
    consecutive pair of waves) and a line chart of it."""
    lang, k = options.lang, options.small_cell_k
    labels = source.labels
    out.write([text(lang, "themes_title")], "title")
    columns = 1 + 4 * len(labels) + 5 * len(source.pairs())
    out.note(
        text(lang, "themes_method") + " " + method_note(source, options), columns, 14 * columns
    )
    out.blank()
    blocks = theme_blocks(source, options)
    pairs = source.pairs()
    for pair in pairs:  # Benjamini-Hochberg over the tests of a pair on this sheet
        tested = [
            (block, key)
            for block in blocks
            for key, change in block.changes.get(pair, {}).items()
            if isinstance(change, Change)
        ]
        adjusted = with_q_values([block.changes[pair][key] for block, key in tested])
        for (block, key), change in zip(tested, adjusted, strict=True):
            block.changes[pair][key] = change
    width = 1 + 4 * len(labels) + 5 * len(pairs)
    chart_col = width + 1
    bar_col = chart_col + CHART_COLUMNS  # the error bars' lengths, beside the charts
    bar_rows = {}  # per block the rows of its themes (and of their error bars' lengths)
    for index, block in enumerate(blocks):
        share = block.key == "gap_share"
        fmt = "pct" if share else "mean"
        out.write([block.title], "subtitle")
        header = [text(lang, "theme"), *labels, *[f"N {w}" for w in labels]]
        header += [text(lang, name, wave=w) for w in labels for name in ("low", "high")]
        for old, new in pairs:
            header += [
                text(lang, name, old=old, new=new)
                for name in ("change", "p_value", "q_value", "significant", "comparability")
            ]
        header_row = out.write(header, "header", widths=False)
        bar_header = [text(lang, "bar_minus", wave=w) for w in labels]
        bar_header += [text(lang, "bar_plus", wave=w) for w in labels]
        for offset, name in enumerate(bar_header):
            out.sheet.write_string(header_row, bar_col + offset, name, out.fmt["header"])
        bars = []
        for row_key, theme in block.themes:
            values, formats, counts, bounds = [theme], [None], [], []
            plus, minus = [], []
            for wave in labels:
                estimate = block.estimates[row_key].get(wave)
                cells, cell_formats = _estimate_cells(estimate, k, lang, fmt)
                values.append(cells[0])
                formats.append(cell_formats[0])
                counts.append(cells[1])
                bounds += [(cells[2], cell_formats[2]), (cells[3], cell_formats[3])]
                shown = isinstance(cells[0], float) and cells[2] is not None
                plus.append(cells[3] - cells[0] if shown else 0)
                minus.append(cells[0] - cells[2] if shown else 0)
            values += counts
            formats += ["suppressed" if isinstance(c, str) else "int" for c in counts]
            values += [b[0] for b in bounds]
            formats += [b[1] for b in bounds]
            for pair in pairs:
                change = block.changes.get(pair, {}).get(row_key)
                cells, cell_formats = _change_cells(change, lang, k, share)
                verdict = change if isinstance(change, Verdict) else None
                values += cells + [verdict_words(lang, verdict, False) if verdict else None]
                formats += cell_formats + [None]
            row = out.write(values, formats)
            for offset, length in enumerate(minus + plus):
                out.sheet.write_number(row, bar_col + offset, length, out.fmt["mean"])
            bars.append(row)
        bar_rows[block.key] = bars
        _chart(
            workbook,
            out,
            block,
            header_row,
            len(labels),
            (index * CHART_ROWS, chart_col),
            (bars, bar_col),
            lang,
            scale_break(source, block),
            labels,
        )
        out.blank()
    write_lives_attention(
        out, blocks, source, options, workbook, len(blocks) * CHART_ROWS, (bar_rows, bar_col)
    )
    out.sheet.set_column(0, 0, 28)
    out.sheet.set_column(1, width, 12)
    out.sheet.set_column(bar_col, bar_col + 2 * len(labels) - 1, 14)
    # Print the tables and charts; the error bars' lengths are for the charts only.
    out.sheet.print_area(0, 0, max(out.row, len(blocks) * CHART_ROWS + 20), bar_col - 1)


def chart_text(value: str) -> str:
    """Return a chart title that xlsxwriter never reads as a cell reference ("x'!A1")."""
    return re.sub(r"!(?=\$?[A-Za-z])", "! ", value)


def method_note(source: TrendInput, options: ExportOptions) -> str:
    """Return what the figures rest on and which method made the intervals and tests."""
    from peiling.exports.design import wave_estimators

    lang = options.lang
    weighted = any(e.design is not None for e in wave_estimators(source, options).values())
    return (
        text(lang, "trends_method", alpha=ALPHA, k=options.small_cell_k)
        + " "
        + text(lang, "method_design" if weighted else "method_simple")
    )


def scale_break(source: TrendInput, block) -> int | None:
    """Return the index of the first wave after a scale change of the block's measure, if any."""
    keys = GAP_MEASURES if block.key.startswith("gap") else (block.key,)
    for index, (old, new) in enumerate(source.pairs(), start=1):
        for row_key, _ in block.themes:
            for key in keys:
                means = source.comparison.pair(old, new, f"{key}.{row_key}").means
                if means is not None and means.reason == "rescaled_means":
                    return index
    return None


def _chart(
    workbook, out, block, header_row, n_waves, where, bars, lang, rescaled=None, labels=()
) -> None:
    """Add a line chart of a theme block: the real scale, axis titles, 95% intervals, and
    open markers with a label from the wave whose scale changed."""
    share = block.key == "gap_share"
    chart = workbook.add_chart({"type": "line"})
    rows, bar_col = bars
    sheet = quote_sheetname(out.name)
    for i, row in enumerate(rows):
        # Error bars from cell ranges: LibreOffice draws those (it drops literal values).
        minus = xl_range_abs(row, bar_col, row, bar_col + n_waves - 1)
        plus = xl_range_abs(row, bar_col + n_waves, row, bar_col + 2 * n_waves - 1)
        series = {
            "name": [out.name, row, 0],
            "categories": [out.name, header_row, 1, header_row, n_waves],
            "values": [out.name, row, 1, row, n_waves],
            "marker": {"type": "circle", "size": 6},
            "y_error_bars": {
                "type": "custom",
                "plus_values": f"={sheet}!{plus}",
                "minus_values": f"={sheet}!{minus}",
                "end_style": 1,
                "line": {"width": 1.25},
            },
        }
        if rescaled is not None:  # after the scale change: open markers
            series["points"] = [None] * rescaled + [
                {"fill": {"color": "#FFFFFF"}} for _ in range(n_waves - rescaled)
            ]
            if i == 0:
                custom = [{"delete": True}] * n_waves
                custom[rescaled] = {"value": text(lang, "new_scale")}
                series["data_labels"] = {"value": True, "custom": custom, "position": "above"}
        chart.add_series(series)
    title = block.title
    if rescaled is not None:
        old, new = labels[rescaled - 1], labels[rescaled]
        title += "\n" + text(lang, "scale_change", old=old, new=new)
    chart.set_title({"name": chart_text(title), "name_font": {"size": 11}})
    axis = {
        "num_format": "0%" if share else "0.0",
        "major_gridlines": {"visible": True},
        "name": text(
            lang, "axis_share" if share else "axis_gap" if block.key == "gap" else "axis_mean"
        ),
    }
    if share:
        axis.update({"min": 0, "max": 1})
    elif block.key == "gap":
        axis.update({"min": -4, "max": 4, "major_unit": 1})
    else:
        axis.update({"min": 1, "max": 5, "major_unit": 1})
    chart.set_y_axis(axis)
    chart.set_x_axis({"name": text(lang, "wave"), "label_position": "low"})
    chart.set_legend({"position": "right"})
    chart.set_size({"width": 620, "height": 300})
    out.sheet.insert_chart(where[0], where[1], chart)


def _hidden_groups(groups, k: int) -> dict[tuple[str, str], bool]:
    """Return per (dimension, category) whether it is suppressed (primary and secondary)."""
    result = {}
    for dimension in dict.fromkeys(g[0] for g in groups):
        part = [g for g in groups if g[0] == dimension]
        for (_, category, _), hide in zip(part, suppressed([g[2] for g in part], k), strict=True):
            result[(dimension, category)] = hide
    return result


def write_breakdowns(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write the latest wave's theme means per size class, province and domain."""
    lang, k = options.lang, options.small_cell_k
    out.write([text(lang, "breakdowns_title", wave=source.labels[-1])], "title")
    weighted = wave_estimators(source, options)[source.labels[-1]].design is not None
    note = " ".join(
        [
            text(lang, "breakdowns_weighted" if weighted else "breakdowns_unweighted"),
            text(lang, "themes_method"),
            text(lang, "trends_method", alpha=ALPHA, k=k),
        ]
    )
    out.note(note, 9, 150)
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
        hide = _hidden_groups(block.groups, k)
        for dimension, category, n in block.groups:
            shown = not hide[(dimension, category)]
            values = [text(lang, dimension), category, n if shown else hidden]
            formats = [None, None, "int" if shown else "suppressed"]
            for row_key, _ in block.themes:
                estimate = block.cells[(dimension, category)].get(row_key)
                if estimate is None or estimate.value is None:
                    values.append(None)
                    formats.append(None)
                elif estimate.n < k or not shown:
                    values.append(hidden)
                    formats.append("suppressed")
                else:
                    values.append(estimate.value)
                    formats.append("mean")
            out.write(values, formats)
        out.blank()
    out.fit_columns({0: 26, 1: 24, 2: 8})


def write_lives_attention(
    out, blocks, source, options, workbook, chart_row: int, bars=({}, 0)
) -> None:
    """Write per theme and wave how much it lives, its attention, the gap and both ranks, the
    rank correlation per wave, and a bar chart of lives against attention in the last wave
    (with the 95% intervals of the theme blocks above as error bars)."""
    from scipy.stats import spearmanr

    lang = options.lang
    found = {block.key: block for block in blocks}
    if not all(key in found for key in GAP_MEASURES):
        return
    lives, attention = found[GAP_MEASURES[0]], found[GAP_MEASURES[1]]
    themes = [(key, name) for key, name in lives.themes if key in dict(attention.themes)]
    labels = source.labels
    out.write([text(lang, "lives_attention_title")], "subtitle")
    header = [text(lang, "theme")]
    for wave in labels:
        header += [
            f"{wave}: {text(lang, name)}"
            for name in ("lives", "attention", "gap", "rank_lives", "rank_attention")
        ]
    first = out.write(header, "header", widths=False)
    columns: dict[str, tuple[list, list]] = {}
    for wave in labels:
        a = [_value(lives.estimates[key].get(wave), options) for key, _ in themes]
        b = [_value(attention.estimates[key].get(wave), options) for key, _ in themes]
        columns[wave] = (a, b)
    for index, (_, name) in enumerate(themes):
        values, formats = [name], [None]
        for wave in labels:
            a, b = columns[wave]
            values += [a[index], b[index]]
            gap = None if a[index] is None or b[index] is None else a[index] - b[index]
            values += [gap, _rank(a, index), _rank(b, index)]
            formats += ["mean", "mean", "diff", "int", "int"]
        out.write(values, formats)
    out.blank()
    for wave in labels:
        a, b = columns[wave]
        pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
        if len(pairs) >= 3:
            rho = spearmanr([p[0] for p in pairs], [p[1] for p in pairs]).statistic
            out.write([text(lang, "rank_correlation", wave=wave), float(rho)], [None, "dec"])
    last = len(labels) - 1
    chart = workbook.add_chart({"type": "column"})
    bar_rows, bar_col = bars
    for offset, colour, block in ((1, "#C0504D", lives), (2, "#4F81BD", attention)):
        col = 1 + 5 * last + offset - 1
        series = {
            "name": [out.name, first, col],
            "categories": [out.name, first + 1, 0, first + len(themes), 0],
            "values": [out.name, first + 1, col, first + len(themes), col],
            "fill": {"color": colour},
        }
        rows = bar_rows.get(block.key)
        if rows and len(rows) == len(themes) and block.themes == themes:
            sheet = quote_sheetname(out.name)
            ranges = [
                f"={sheet}!" + xl_range_abs(rows[0], column, rows[-1], column)
                for column in (bar_col + last, bar_col + len(labels) + last)
            ]
            series["y_error_bars"] = {
                "type": "custom",
                "minus_values": ranges[0],
                "plus_values": ranges[1],
                "end_style": 1,
                "line": {"width": 1.25},
            }
        chart.add_series(series)
    title = f"{text(lang, 'lives_attention_title')}: {labels[-1]}"
    chart.set_title({"name": chart_text(title), "name_font": {"size": 11}})
    chart.set_y_axis(
        {
            "min": 1,
            "max": 5,
            "major_unit": 1,
            "name": text(lang, "axis_mean"),
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_x_axis({"name": text(lang, "theme")})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 320})
    width = 1 + 4 * len(labels) + 5 * len(source.pairs())
    out.sheet.insert_chart(max(chart_row, first), width + 1, chart)
    out.blank()


def _value(estimate, options) -> float | None:
    if estimate is None or estimate.value is None or estimate.n < options.small_cell_k:
        return None
    return estimate.value


def _rank(values: list, index: int) -> int | None:
    """Return the rank of one value among the given ones (1 = highest; ties share the best)."""
    if values[index] is None:
        return None
    return 1 + sum(1 for v in values if v is not None and v > values[index])
