-- Documents an accountant files: VAT on invoices and acts, invoice lines, the client's
-- requisites and contract for the act's parties and basis, and the reads a reconciliation
-- statement makes.

-- What an invoice was issued with, kept so its document reads the same after the
-- agency's settings change: the lines' sum as entered, the VAT rate (NULL: none), whether
-- prices included it, and the VAT amount. `amount_minor` stays what the client pays.
ALTER TABLE invoices ADD COLUMN lines_minor INTEGER;
ALTER TABLE invoices ADD COLUMN vat_rate INTEGER;
ALTER TABLE invoices ADD COLUMN vat_mode TEXT NOT NULL DEFAULT 'none'
    CHECK (vat_mode IN ('none', 'included', 'on_top'));
ALTER TABLE invoices ADD COLUMN vat_minor INTEGER NOT NULL DEFAULT 0;

ALTER TABLE acts ADD COLUMN vat_rate INTEGER;
ALTER TABLE acts ADD COLUMN vat_mode TEXT NOT NULL DEFAULT 'none'
    CHECK (vat_mode IN ('none', 'included', 'on_top'));
ALTER TABLE acts ADD COLUMN vat_minor INTEGER NOT NULL DEFAULT 0;
-- What the act rests on: the client's contract as written, else the invoice it was billed on.
ALTER TABLE acts ADD COLUMN basis TEXT;
ALTER TABLE acts ADD COLUMN basis_invoice_id INTEGER REFERENCES invoices (id);

-- The client company's requisites (name, INN, KPP, address: free text, as the client
-- gives them) and its contract, the act's basis when no invoice is named.
ALTER TABLE companies ADD COLUMN requisites TEXT;
ALTER TABLE companies ADD COLUMN contract TEXT;

-- A reconciliation statement reads one company's invoices and payments by date.
CREATE INDEX invoices_company_issued ON invoices (company_id, issued_at)
    WHERE issued_at IS NOT NULL;
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, at);
