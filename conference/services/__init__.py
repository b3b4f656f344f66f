"""Writes on conferences, split by subject: `plan_loader` (plan data files), `demo`."""
