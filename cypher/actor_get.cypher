// The actors with these keys, as the API shows them (a key no actor has gives no row).
UNWIND $keys AS key
MATCH (a:Actor {key: key})
RETURN a.key AS key, a.kind AS kind, a.name AS name, a.state AS state, a.organization AS organization,
       a.country AS country, a.aliases AS aliases
