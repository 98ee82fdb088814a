"""The delivery engine: how anything reaches anyone. A notice (`notices`) is a frozen
dataclass queued with the change that causes it (`outbox.enqueue`, one unit of work, a
dedup key); the dispatcher (`dispatch`) claims what is due (`claims`) and sends it under
Telegram's limits (`pacing`), a person's waiting work first (`priority`); updates are kept
in the `inbox` until handled. `stand_ins` says who hears instead of an away AM and who
hears of trouble with a person; `drawn_files` keeps the Telegram ids of files once sent.
Domains use `notices`, `outbox` and `stand_ins`, never the rest.
"""
