// The pairs of states with the most hostile evidence (a quick look; the API computes the decayed score).
MATCH (e:Evidence)
WHERE e.type IN ["ACCUSES", "THREATENS", "ATTACKS", "SANCTIONS", "OPPOSES", "OCCUPIES", "DENIES"]
WITH CASE WHEN e.source < e.target THEN e.source ELSE e.target END AS a,
     CASE WHEN e.source < e.target THEN e.target ELSE e.source END AS b, count(*) AS events
RETURN a, b, events
ORDER BY events DESC
LIMIT 20
