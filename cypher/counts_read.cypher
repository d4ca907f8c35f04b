// How the graph's relation counts were made: "reports" (one per article, since the honest counts) or null
// (written by an older tensiongraph: one per sentence, to be recounted). No row: an empty graph.
MATCH (m:TensionGraph {id: "graph"})
RETURN m.counts AS counts
