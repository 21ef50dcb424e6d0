"""Import household lists from the spreadsheets communes really keep (.xlsx, .xls, .ods).

    preview = build_preview(data, ImportOptions(commune=..., user=..., year=..., file_name=...))
    if not preview.blocked:
        apply_import(preview, by=user)

The same engine serves the web upload (households/views_import.py) and the command
`manage.py import_households`. `columns.COLUMNS` is the canonical column list shared with the
Excel export (`workbooks.household_row`).
"""

from households.importing.columns import COLUMNS, Column, match_header
from households.importing.engine import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportOptions,
    ImportRefused,
    ImportResult,
    Preview,
    Problem,
    apply_import,
    build_preview,
    checksum_of,
    import_file,
)
from households.importing.workbooks import HEADER, household_row, refused_copy, template_xlsx

__all__ = [
    "COLUMNS",
    "CREATE",
    "HEADER",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "ImportOptions",
    "ImportRefused",
    "ImportResult",
    "Preview",
    "Problem",
    "apply_import",
    "build_preview",
    "checksum_of",
    "household_row",
    "import_file",
    "match_header",
    "refused_copy",
    "template_xlsx",
]
