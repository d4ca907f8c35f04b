// The events between two sides, month by month (set $a and $b to actor keys, e.g. "IRN" and "AZE"). As in
// the API's tension: an officer or ministry counts for its state (an organisation's officer for the
// organisation), so a side is an actor with its officers and ministries, and only events from one side to
// the other count, either way round: SERVES, PART_OF and MEMBER_OF (an officer or ministry inside its own
// state) are no events, and rejected relations are left out. events: reports (an article that repeats a
// fact in several sentences is one report); sentences: its pieces of evidence.
MATCH (e:Evidence)
WHERE NOT e.type IN ["SERVES", "PART_OF", "MEMBER_OF"]
MATCH (s:Actor {key: e.source})-[r]->(t:Actor {key: e.target})
WHERE r.key = e.relation AND r.rejected IS NULL
WITH e,
     CASE WHEN s.kind IN ["Officer", "Ministry"] THEN coalesce(s.state, s.organization, s.key) ELSE s.key END AS from_side,
     CASE WHEN t.kind IN ["Officer", "Ministry"] THEN coalesce(t.state, t.organization, t.key) ELSE t.key END AS to_side
WHERE (from_side = $a AND to_side = $b) OR (from_side = $b AND to_side = $a)
RETURN substring(e.published, 0, 7) AS month, e.type AS type, count(DISTINCT e.relation + " " + e.article_id) AS events,
       count(*) AS sentences, avg(e.confidence) AS confidence
ORDER BY month, type
