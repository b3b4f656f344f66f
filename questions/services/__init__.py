"""Every write of the questions app, by subject: `questions` (submit, triage, merge,
the moderator's queue), `guidance` (drafts, sections, comments), `record` and
`record_export` (the PDF export job: queued, and run on a worker)."""
