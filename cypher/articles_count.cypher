// How many articles are stored.
MATCH (a:Article)
RETURN count(a) AS total
