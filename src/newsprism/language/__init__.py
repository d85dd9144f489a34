"""Knowledge below both ``extract`` and ``resolve``: calendar arithmetic, name tables, source labels."""
