// Other Bolt servers: a plain index on article fingerprints.
CREATE INDEX FOR (a:Article) ON (a.fingerprint)
