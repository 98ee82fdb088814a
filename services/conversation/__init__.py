"""The client <-> AM conversation: relayed both ways and never left hanging (`chat`),
an AM's canned replies (`canned`), and where each person is in a conversation with the
bot — the FSM state kept in the database (`conversations`).
"""
