import { Field, Int, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar } from "../shared/scalars.js";

@ObjectType({ implements: Node, description: "A note on a record." })
export class Note extends Node implements Model {
  __typename!: "Note";
  dbId!: number;
  recordType!: string;
  recordId!: number;
  createdById!: number | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String)
  body!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType({
  implements: Node,
  description: "A file on a record. Download its bytes with `GET /attachments/<id>` and the same bearer token.",
})
export class Attachment extends Node implements Model {
  __typename!: "Attachment";
  dbId!: number;
  recordType!: string;
  recordId!: number;
  createdById!: number | null;

  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int, { description: "Size in bytes." })
  size!: number;

  @Field(() => String, { description: "Path of the download, relative to the server." })
  downloadPath!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
