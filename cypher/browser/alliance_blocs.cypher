// Alliances as a picture: every ALLIED_WITH edge (blocs show as connected clusters).
MATCH p = (:Actor)-[:ALLIED_WITH]-(:Actor)
RETURN p
