// Other Bolt servers: a plain index on the relation key of evidence.
CREATE INDEX FOR (e:Evidence) ON (e.relation)
