import { Field, ID, InterfaceType } from "type-graphql";
import type { NodeType } from "./global-id.js";

/** The Relay Node interface: every object with an opaque global ID. */
@InterfaceType({
  description: "An object with a global ID, fetchable with `node(id:)`.",
  resolveType: (value: { __typename?: NodeType }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID." })
  id!: string;
}

/** What every model handed to GraphQL carries besides its fields: its type and its database id. */
export interface Model {
  __typename: NodeType;
  id: string;
  dbId: number;
}
