// The write counter (absent on an empty graph).
MATCH (m:TensionGraph {id: "graph"})
RETURN m.version AS version
