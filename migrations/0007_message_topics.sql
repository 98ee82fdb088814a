-- A client's message may be about a proposal or an invoice ("proposal:3", "invoice:5"):
-- Discuss and Question go into the one conversation instead of threads of their own.
ALTER TABLE messages ADD COLUMN topic TEXT;
