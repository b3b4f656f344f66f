"""The conference record: every question, comment and answer, as rows (`rows`),
as .xlsx (`xlsx`, the only module of the app that writes a spreadsheet) and as PDF
(`pdf`, through the project's one renderer)."""
