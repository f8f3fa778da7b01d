#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a workbook with openpyxl, a reader independent of libxlsxwriter, and
prints what tests/test-reports.c checks, one fact a line, tab-separated
(tabs, newlines and backslashes in values escaped as \\t, \\n, \\\\):

  property  NAME  VALUE                    document properties
  sheet     NAME  worksheet|chartsheet     in workbook order
  meta      SHEET KEY  VALUE               freeze, autofilter, landscape, paper,
                                           fit_width, fit_height (0: as many pages
                                           as it takes), print_rows, header, footer,
                                           rows (the last row), charts
  cell      SHEET ROW  COL  TYPE  FORMAT  VALUE
                                           1-based; TYPE s (string), n (number),
                                           d (date, VALUE YYYY-MM-DD), b, e"""

import datetime
import sys

import openpyxl


def esc(value):
    return str(value).replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def line(*fields):
    sys.stdout.write('\t'.join(esc(f) for f in fields) + '\n')


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    props = workbook.properties
    for name in ('title', 'subject', 'creator', 'category', 'keywords', 'description'):
        value = getattr(props, name)
        if value is not None:
            line('property', name, value)

    charts = set(sheet.title for sheet in workbook.chartsheets)
    for name in workbook.sheetnames:
        sheet = workbook[name]
        if name in charts:
            line('sheet', name, 'chartsheet')
            line('meta', name, 'charts', len(sheet._charts))
            continue
        line('sheet', name, 'worksheet')
        setup = sheet.page_setup
        setup_pr = sheet.sheet_properties.pageSetUpPr
        fit_to_page = setup_pr is not None and setup_pr.fitToPage
        meta = {
            'freeze': sheet.freeze_panes,
            'autofilter': sheet.auto_filter.ref,
            'landscape': setup.orientation == 'landscape',
            'paper': setup.paperSize,
            # fitToWidth is left out of the XML when it is 1, its default
            'fit_width': (setup.fitToWidth if setup.fitToWidth is not None else 1)
                         if fit_to_page else None,
            'fit_height': (setup.fitToHeight if setup.fitToHeight is not None else 1)
                          if fit_to_page else None,
            'print_rows': sheet.print_title_rows,
            'header': sheet.oddHeader.center.text,
            'footer': sheet.oddFooter.center.text,
            'rows': sheet.max_row,
        }
        for key, value in meta.items():
            if value is not None:
                line('meta', name, key, value)
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                kind = cell.data_type
                if isinstance(value, (datetime.datetime, datetime.date)):
                    value = value.strftime('%Y-%m-%d')
                    kind = 'd'
                elif isinstance(value, float):
                    value = repr(value)
                line('cell', name, cell.row, cell.column, kind, cell.number_format, value)


if __name__ == '__main__':
    main()
