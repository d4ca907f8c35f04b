// Alliances as a picture: every ALLIED_WITH edge (no direction) and every membership of an alliance or bloc
// (MEMBER_OF), each once, so that blocs show as connected clusters; rejected relations are left out.
MATCH p = (:Actor)-[r:ALLIED_WITH|MEMBER_OF]->(:Actor)
WHERE r.rejected IS NULL
RETURN p
