"""Planners: each finds the rows whose next-due moment has come, asks the pure rules in
`services.planners.reminders` what to send, and stores when to look at the row again.

A tick reads what is due through a partial index, a page at a time, and writes in short
transactions, so its cost follows what is due and the write lock is held for milliseconds.
"""
