// Curation: the evidence of an article, of an actor (either end) or of one relation (null: any), every field.
MATCH (e:Evidence)
WHERE ($article IS NULL OR e.article_id = $article) AND ($actor IS NULL OR e.source = $actor OR e.target = $actor)
  AND ($relation IS NULL OR e.relation = $relation)
RETURN e.source AS source, e.type AS type, e.target AS target, e.article_id AS article_id, e.sentence AS sentence,
       e.confidence AS confidence, e.published AS published, e.ingested_at AS ingested_at,
       e.extractor_version AS extractor_version, e.date_source AS date_source, e.extractor AS extractor,
       e.provenance AS provenance, e.attributes AS attributes
