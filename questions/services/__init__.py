"""Every write of the questions app, by subject: `questions` (submit, triage, merge,
the moderator's queue), `guidance` (drafts, sections, comments), `record` (the PDF
export job)."""
