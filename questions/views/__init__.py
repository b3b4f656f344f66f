"""The questions app's pages: `province` (a Sở Nội vụ's questions and comments),
`triage` (Vụ CCHC's list, answers, merges), `guidance` (drafts and their sections),
`queue` (the moderator's screen) and `record` (the exports)."""
