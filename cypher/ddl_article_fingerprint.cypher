// Neo4j only: duplicates are found by the normalised text fingerprint.
CREATE INDEX article_fingerprint IF NOT EXISTS FOR (a:Article) ON (a.fingerprint)
