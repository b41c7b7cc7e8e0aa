"""Import and export: JSON, CSV, Notion, calendar, contacts, briefs, backups."""
