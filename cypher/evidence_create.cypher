// The evidence of one article: one node per (relation, sentence), linked to its article. date_source says
// where its date came from; attributes are the source's own scores as a JSON object text.
MATCH (art:Article {id: $article_id})
UNWIND $evidence AS x
CREATE (e:Evidence {relation: x.relation, source: x.source, type: x.type, target: x.target,
                    article_id: $article_id, sentence: x.sentence, confidence: x.confidence,
                    published: x.published, ingested_at: x.ingested_at, extractor_version: x.extractor_version,
                    date_source: x.date_source, extractor: x.extractor, provenance: x.provenance,
                    attributes: x.attributes})
CREATE (e)-[:IN_ARTICLE]->(art)
