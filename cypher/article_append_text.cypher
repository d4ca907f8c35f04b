// Append a piece of an article's text: for Bolt servers that cannot take a long string in one statement
// (FalkorDB 4.16 crashes on a statement over about 4 KB with its parameters pasted in; see graph/neo4j_store.py).
MATCH (a:Article {id: $id})
SET a.text = a.text + $chunk
