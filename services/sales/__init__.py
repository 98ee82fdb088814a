"""Proposals: an AM drafts one (from a brief or anew), a head approves, returns or
rejects it (the first decision wins), the client accepts — which makes a project — or
declines.
"""
