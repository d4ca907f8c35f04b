// Lint Cypher with Neo4j's own language support (@neo4j-cypher/language-support, lintCypherQuery).
// Input on stdin: {"labels": [...], "relationshipTypes": [...], "queries": {"name": "text", ...}}.
// Output on stdout: {"name": [{"severity": 1|2, "message": "...", "offset": n}, ...], ...}.
// Every $parameter a query uses is declared (with a null value), so only real errors remain.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { labels, relationshipTypes, queries } = JSON.parse(input);
  const out = {};
  for (const [name, text] of Object.entries(queries)) {
    const parameters = {};
    for (const m of text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) parameters[m[1]] = null;
    const result = lintCypherQuery(text, { labels, relationshipTypes, parameters });
    out[name] = result.diagnostics.map((d) => ({ severity: d.severity, message: d.message, offset: d.offsets?.start }));
  }
  process.stdout.write(JSON.stringify(out));
});
