// Every relation (rejected ones left out) as its type between the actors its ends count as after officers and
// ministries are rolled up to their state (or organisation), once per rolled-up pair and type, relations within
// one actor left out: what "enemy of my enemy" triads are made of (graph.alliances.triads), without the evidence.
MATCH (x:Actor)-[r]->(y:Actor)
WHERE r.rejected IS NULL
WITH type(r) AS type,
     CASE WHEN x.kind IN ['Officer', 'Ministry'] THEN coalesce(x.state, x.organization, x.key) ELSE x.key END AS u,
     CASE WHEN y.kind IN ['Officer', 'Ministry'] THEN coalesce(y.state, y.organization, y.key) ELSE y.key END AS v
WHERE u <> v
RETURN DISTINCT u AS source, type, v AS target
