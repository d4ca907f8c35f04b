// Store one article. complete is false until the last statement of its write (article_complete) on servers
// without transactions, so that the leftover of a write that failed midway can be found and undone. redirected:
// what the redirects of merged actors did to its actors (JSON text, or null), for undoing a merge.
CREATE (a:Article {id: $id, fingerprint: $fingerprint, url: $url, title: $title, published: $published,
                   source: $source, text: $text, ingested_at: $ingested_at, extractor_version: $extractor_version,
                   date_source: $date_source, complete: $complete, redirected: $redirected})
