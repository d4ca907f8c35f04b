// Curation: delete one article (its evidence is deleted before); how many were deleted.
MATCH (a:Article {id: $id})
WITH a, a.id AS id
DETACH DELETE a
RETURN count(id) AS deleted
