// Curation: an actor merged into another goes (its relations have moved before).
MATCH (a:Actor {key: $key})
DETACH DELETE a
