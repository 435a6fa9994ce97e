package conform

// ResultsSchemaID is the results file's schema name, as in its "schema".
const ResultsSchemaID = "conformance-results.schema.json"

const resultsSchema = `{}`
