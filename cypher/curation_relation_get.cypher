// Curation: one relation of one type (__TYPE__ from the closed set), whether it is rejected (by which audit entry).
MATCH (a:Actor {key: $source})-[r:__TYPE__]->(b:Actor {key: $target})
RETURN r.key AS key, r.rejected AS rejected
