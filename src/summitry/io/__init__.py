"""File formats: scenario YAML (with located errors), results as JSON. No maths here."""
