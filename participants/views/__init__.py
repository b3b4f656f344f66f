"""The province's pages of a delegate list: `point` (the point, its details and
history), `delegates` (add, edit, remove), `decisions` (submit, reopen, extend),
`excel` (the template, the import and its preview, the export); `common` holds
what they all start from."""
