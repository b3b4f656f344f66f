"""Loading a plan from its data file, and demo data: writes to every app through its services."""
