// The pairs of states with the most hostile events (a quick look; the API computes the decayed score). As in
// the API, an officer or ministry counts for its state (an organisation's officer for the organisation), a
// pair has no order, events inside one side are left out, and so are rejected relations. events: reports
// (an article that repeats a fact in several sentences is one report).
MATCH (e:Evidence)
WHERE e.type IN ["ACCUSES", "THREATENS", "ATTACKS", "SANCTIONS", "OPPOSES", "OCCUPIES", "DENIES"]
MATCH (s:Actor {key: e.source})-[r]->(t:Actor {key: e.target})
WHERE r.key = e.relation AND r.rejected IS NULL
WITH e,
     CASE WHEN s.kind IN ["Officer", "Ministry"] THEN coalesce(s.state, s.organization, s.key) ELSE s.key END AS from_side,
     CASE WHEN t.kind IN ["Officer", "Ministry"] THEN coalesce(t.state, t.organization, t.key) ELSE t.key END AS to_side
WHERE from_side <> to_side
WITH CASE WHEN from_side < to_side THEN from_side ELSE to_side END AS a,
     CASE WHEN from_side < to_side THEN to_side ELSE from_side END AS b, e
RETURN a, b, count(DISTINCT e.relation + " " + e.article_id) AS events, max(e.published) AS last_seen
ORDER BY events DESC, a, b
LIMIT 20
