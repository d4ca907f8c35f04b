// Keys of the relations that have evidence in the window and/or from the article (null: any).
MATCH (e:Evidence)
WHERE ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
  AND ($article IS NULL OR e.article_id = $article)
RETURN DISTINCT e.relation AS key
