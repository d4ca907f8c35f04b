// Pieces of evidence.
MATCH (e:Evidence)
RETURN count(e) AS n
