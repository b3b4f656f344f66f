"""Helpers every app may use: text cleaning, safe spreadsheets, form mixins.

The bottom layer: no models, and nothing here imports an app of the project.
"""
