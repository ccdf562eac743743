import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the operations in test/operations, and for the front-end operations in
 * client/operations (the client preset, with the manifest of trusted documents: hash → text).
 * Both are checked fresh in CI.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  // NodeNext resolution: relative imports with their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    "client/generated/": {
      documents: ["client/operations/**/*.graphql"],
      preset: "client",
      presetConfig: {
        // Front ends need no graphql runtime: documents are typed strings; no fragment masking.
        fragmentMasking: false,
        // client/generated/persisted-documents.json: sha256 of each document → its text.
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        documentMode: "string",
        scalars: { DateTime: "string", Date: "string", JSON: "Record<string, unknown>", Decimal: "number" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
    "test/generated/graphql.ts": {
      documents: ["test/operations/**/*.graphql"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        scalars: { DateTime: "string", Date: "string", JSON: "Record<string, unknown>" },
        enumsAsTypes: true,
        avoidOptionals: { field: true },
        useTypeImports: true,
      },
    },
  },
  hooks: {},
};

export default config;
