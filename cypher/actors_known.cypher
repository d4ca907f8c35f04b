// Every actor's kind, scope (state or organisation) and names after the key $after, a batch at a time in key
// order: what the write path matches an article's actors against (graph.resolve.KnownNames), read without the
// relations and evidence, so that a process that only writes never loads the graph.
MATCH (a:Actor)
WHERE a.key > $after
RETURN a.key AS key, a.kind AS kind, a.state AS state, a.organization AS organization, a.name AS name,
       a.aliases AS aliases
ORDER BY key
LIMIT $limit
