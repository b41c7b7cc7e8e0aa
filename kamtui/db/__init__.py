"""Database setup, models and numbered migrations. Imports nothing from Textual."""
