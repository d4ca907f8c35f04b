// Other Bolt servers: a plain index on the relation key of evidence. (None on actor keys: FalkorDB 4.16 answers a
// range on an indexed string wrongly, and actors_known / actors_names page by `a.key > $after`.)
CREATE INDEX FOR (e:Evidence) ON (e.relation)
