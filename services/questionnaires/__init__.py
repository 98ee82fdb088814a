"""Forms asked question by question — the engine (`forms`), the questionnaires as data
(`form_templates`: TOML validated at start-up) — and the briefs clients fill with it.
"""
