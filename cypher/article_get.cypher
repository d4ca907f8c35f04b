// One article.
MATCH (a:Article {id: $id})
RETURN a.id AS id, a.text AS text, a.url AS url, a.title AS title, a.published AS published, a.source AS source,
       a.date_source AS date_source
