// The last statement of an article's write on a server without transactions: the write is whole.
MATCH (a:Article {id: $id})
SET a.complete = true
