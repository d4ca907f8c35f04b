// The evidence of these relations (in the window, from the article, of the provenance; null: any), newest
// first. Evidence stored before date_source existed was dated by its article's date, or by the ingest day
// when it had none.
UNWIND $keys AS key
MATCH (e:Evidence {relation: key})-[:IN_ARTICLE]->(art:Article)
WHERE ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
  AND ($article IS NULL OR e.article_id = $article)
  AND ($provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance)
RETURN key, e.article_id AS article_id, e.sentence AS sentence, e.confidence AS confidence, art.url AS url,
       e.published AS published, e.ingested_at AS ingested_at, e.extractor_version AS extractor_version,
       coalesce(e.date_source, CASE WHEN art.published IS NULL THEN 'ingested' ELSE 'published' END) AS date_source,
       e.extractor AS extractor, e.provenance AS provenance, e.attributes AS attributes
ORDER BY published DESC, article_id
