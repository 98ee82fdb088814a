-- The head's /stats chart reads the last twelve weeks of invoices and payments: through
-- these it reads those weeks, not the agency's whole history.
CREATE INDEX invoices_issued ON invoices (issued_at) WHERE issued_at IS NOT NULL;
CREATE INDEX invoice_payments_at ON invoice_payments (at);
