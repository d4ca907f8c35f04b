// Other Bolt servers: a plain index on article ids.
CREATE INDEX FOR (a:Article) ON (a.id)
