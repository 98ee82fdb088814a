-- /metrics counts the people who blocked the bot on every scrape: through this index the
-- count costs what is counted, not a walk over everyone the agency ever talked to.
CREATE INDEX people_unreachable ON people (unreachable_at) WHERE unreachable_at IS NOT NULL;
