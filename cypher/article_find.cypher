// The stored article with this id or, failing that, with this normalised-text fingerprint (null: none).
// Two lookups rather than one OR, which FalkorDB's index planner answers wrongly.
OPTIONAL MATCH (a:Article {id: $id})
OPTIONAL MATCH (b:Article {fingerprint: $fingerprint})
RETURN coalesce(a.id, b.id) AS id
LIMIT 1
