// Store one article.
CREATE (a:Article {id: $id, fingerprint: $fingerprint, url: $url, title: $title, published: $published,
                   source: $source, text: $text, ingested_at: $ingested_at, extractor_version: $extractor_version,
                   date_source: $date_source})
