"""The work itself: projects with stages, deadlines, progress, news and ratings
(`projects`), the vocabulary of where they stand (`statuses`), and what the head's
/stats shows (`stats`).
"""
