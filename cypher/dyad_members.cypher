// The actors of two sides of a dyad as tension counts them: each actor, and the officers and ministries that roll
// up to it (its state's, or an organisation's when they have no state).
MATCH (m:Actor)
WHERE m.key IN $sides OR (m.kind IN ['Officer', 'Ministry'] AND coalesce(m.state, m.organization) IN $sides)
RETURN m.key AS key, m.kind AS kind, m.state AS state, m.organization AS organization
