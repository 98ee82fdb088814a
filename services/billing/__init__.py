"""Money and papers: invoices issued, paid in parts and chased until paid, acts of
completed work, the documents filed for a company's clients, and the payment QR code a
bank app reads.
"""
