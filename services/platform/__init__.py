"""The platform every room stands on: the injectable clock, domain refusals, the audit
log written in the same unit of work, database backups and the run lock, what people
type read into values (dates, money), keyset paging, working days with public holidays,
clients' quiet hours, and the numbering of invoices and acts. It imports no other room.
"""
