"""What people see: texts, cards, keyboards and the callback data behind their buttons.

Used by the handlers (answers) and by bot/ (rendering outbox rows); imports services,
never handlers.
"""
