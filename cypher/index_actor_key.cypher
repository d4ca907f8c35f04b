// Other Bolt servers (FalkorDB, Memgraph): a plain index on actor keys.
CREATE INDEX FOR (a:Actor) ON (a.key)
