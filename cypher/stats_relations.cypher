// Relations between actors per type.
MATCH (:Actor)-[r]->(:Actor)
RETURN type(r) AS type, count(r) AS n
