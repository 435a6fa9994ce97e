package conform

// ResultsSchemaID is the results file's schema name, as in its "schema".
const ResultsSchemaID = "conformance-results.schema.json"

// resultsSchema is the JSON Schema of results.json (draft 2020-12),
// written next to it.
const resultsSchema = `{
 "$schema": "https://json-schema.org/draft/2020-12/schema",
 "$id": "conformance-results.schema.json",
 "title": "clientauth conform results",
 "type": "object",
 "required": ["schema", "tool", "go", "started", "seconds", "quick", "peers", "controls", "results", "counts", "confirmed"],
 "properties": {
  "schema": {"const": "conformance-results.schema.json"},
  "tool": {"type": "string"},
  "go": {"type": "string"},
  "started": {"type": "string"},
  "seconds": {"type": "number", "minimum": 0},
  "load": {"type": "string"},
  "quick": {"type": "boolean"},
  "peers": {"type": "array", "items": {"type": "object", "required": ["name"],
   "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "skipped": {"type": "string"},
    "notes": {"type": ["array", "null"], "items": {"type": "string"}}}, "additionalProperties": false}},
  "controls": {"type": ["array", "null"], "items": {"type": "object", "required": ["peer", "role", "version", "suite", "kind"],
   "properties": {"peer": {"type": "string"}, "role": {"$ref": "#/$defs/role"}, "version": {"$ref": "#/$defs/version"},
    "suite": {"type": "string"}, "kind": {"$ref": "#/$defs/kind"}, "detail": {"type": "string"}}, "additionalProperties": false}},
  "results": {"type": ["array", "null"], "items": {"$ref": "#/$defs/result"}},
  "counts": {"$ref": "#/$defs/counts"},
  "confirmed": {"$ref": "#/$defs/counts"}
 },
 "additionalProperties": false,
 "$defs": {
  "role": {"enum": ["client", "server"]},
  "version": {"enum": ["1.0", "1.1", "1.2", "1.3"]},
  "kind": {"enum": ["completed", "continued", "alert", "closed", "crash", "hang", "error"]},
  "verdict": {"enum": ["conforms", "lenient", "strict", "other alert", "crash", "hang", "no verdict"]},
  "counts": {"type": "object", "propertyNames": {"$ref": "#/$defs/verdict"}, "additionalProperties": {"type": "integer", "minimum": 0}},
  "expect": {"type": "object", "required": ["result", "alerts", "requirements"], "properties": {
   "result": {"enum": ["valid", "invalid", "acceptable"]}, "alerts": {"type": ["array", "null"], "items": {"type": "string"}},
   "requirements": {"type": ["array", "null"], "items": {"type": "string"}}, "comment": {"type": "string"}}, "additionalProperties": false},
  "hex": {"type": "string", "pattern": "^([0-9a-f]{2})*$"},
  "observed": {"type": "object", "required": ["kind"], "properties": {
   "kind": {"$ref": "#/$defs/kind"}, "progress": {"type": "string"}, "alert": {"type": "string"},
   "alertLevel": {"type": "integer"}, "exit": {"type": "object", "required": ["code"],
    "properties": {"code": {"type": "integer"}, "signal": {"type": "string"}}, "additionalProperties": false},
   "stderr": {"type": "string"}, "err": {"type": "string"}, "msg": {"$ref": "#/$defs/hex"}}, "additionalProperties": false},
  "result": {"type": "object",
   "required": ["peer", "role", "version", "message", "source", "family", "expect", "peerVersion", "observed", "verdict", "confirmed"],
   "properties": {
    "peer": {"type": "string"}, "role": {"$ref": "#/$defs/role"}, "version": {"$ref": "#/$defs/version"},
    "message": {"type": "string"}, "kex": {"type": "string"}, "source": {"enum": ["live", "fixed"]},
    "mutation": {"type": "string"}, "index": {"type": "integer", "minimum": 0}, "vector": {"type": "string"},
    "family": {"type": "string"},
    "expect": {"$ref": "#/$defs/expect"},
    "peerVersion": {"type": "string"}, "observed": {"$ref": "#/$defs/observed"}, "verdict": {"$ref": "#/$defs/verdict"},
    "note": {"type": "string"}, "rerun": {"$ref": "#/$defs/observed"}, "confirmed": {"type": "boolean"},
    "expectRFC9846": {"$ref": "#/$defs/expect"}, "verdictRFC9846": {"$ref": "#/$defs/verdict"}
   }, "additionalProperties": false}
 }
}
`
