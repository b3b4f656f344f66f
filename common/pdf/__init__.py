"""The project's one PDF renderer: Django template → WeasyPrint → PDF bytes.

Any app makes its PDFs here; nothing here knows what a document says.

- `render`: `render_pdf` / `render` (one document), `RenderError`, `RenderTimeout`;
- `parts`: `render_pdf_parts` (a long document cut into parts rendered side by side
  in forked processes) and `forked_pool`;
- `engine`: WeasyPrint with the shipped fonts and the parsed stylesheets, one per
  thread, and `warm` for a process about to fork;
- `fetcher`: the URL fetcher that serves the project's static and media files and
  refuses everything else;
- `anchors`: where an element with an `id` landed on its page;
- `signing`: an empty signature field over the signer's block;
- `fonts` and `tables`: the shipped font's advance widths, and tables whose pages
  the code cuts before WeasyPrint sees them.

Importing this package imports nothing heavy: `fonts` and `tables` are light, and
only `engine` (through `render` and `parts`) imports WeasyPrint.
"""
