import type { CodegenConfig } from "@graphql-codegen/cli";

/** Typed documents for the operations in test/operations, checked fresh in CI. */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["test/operations/**/*.graphql"],
  generates: {
    "test/generated/graphql.ts": {
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
