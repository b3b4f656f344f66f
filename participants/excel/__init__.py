"""Excel files of delegate lists: the template, the reader of uploads, the export."""
