import { IsOptional, Length, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

@InputType()
export class CreateNoteInput {
  @Field(() => ID, { description: "A lead, contact, account or deal." })
  recordId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string | null;

  @Field(() => String)
  @Length(1, 20_000)
  body!: string;
}

@InputType()
export class AddAttachmentInput {
  @Field(() => ID, { description: "A lead, contact, account or deal." })
  recordId!: string;

  @Field(() => String)
  @Length(1, 255)
  @Matches(/^[^/\\\0]+$/, { message: "must be a file name without a path" })
  fileName!: string;

  @Field(() => String, { description: "A MIME type, e.g. `application/pdf`." })
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: "must be a MIME type such as application/pdf" })
  contentType!: string;

  @Field(() => String, { description: "The file's bytes, base64-encoded. The size cap is in the README." })
  contentBase64!: string;
}
