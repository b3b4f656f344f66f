"""Helpers with no domain and no models, usable by every app (the bottom layer).

Text cleaning (text.py), safe spreadsheets (xlsx.py), form mixins (forms.py),
create-or-update (records.py), the one PDF renderer (pdf/). Nothing here imports an
app of the project.
"""
