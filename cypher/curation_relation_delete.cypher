// Curation: a relation left without evidence goes.
MATCH (a:Actor {key: $source})-[r:__TYPE__]->(b:Actor {key: $target})
DELETE r
