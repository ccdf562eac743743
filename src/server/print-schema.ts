import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildAppSchema } from "./schema.js";

/** Writes the emitted SDL to schema/schema.graphql (or the path given), sorted so diffs stay small. */
const target = process.argv[2] ?? "schema/schema.graphql";
const schema = await buildAppSchema();
writeFileSync(target, `${printSchema(lexicographicSortSchema(schema))}\n`);
console.log(`wrote ${target}`);
