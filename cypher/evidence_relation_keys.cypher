// Keys of the relations that have evidence in the window, from the article, of the provenance (null: any).
MATCH (e:Evidence)
WHERE ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
  AND ($article IS NULL OR e.article_id = $article)
  AND ($provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance)
RETURN DISTINCT e.relation AS key
