// Neo4j only: evidence is looked up by its relation key.
CREATE INDEX evidence_relation IF NOT EXISTS FOR (e:Evidence) ON (e.relation)
