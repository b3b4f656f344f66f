"""A delegate list in Excel, in the order a file goes through it.

`columns` is the one definition of the sheet (headers, synonyms, labels) that
every other module shares. An upload is read by `reading` (its bytes checked and
bounded, then its rows turned into the delegate form's data), each row is checked
by `checking` against the rules the web form keeps, and `applying` stages the
checked file, corrects a row, applies it all or nothing or discards it; `preview`
shows a staged file a page at a time. `template` writes the blank list and
`export` the list as it is, in the same layout, so an export imports back.
"""
