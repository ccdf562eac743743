import { Field, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar } from "../shared/scalars.js";
import { TimelineEntry } from "../timeline/timeline-entry.type.js";
import { SignalEvent, SignalSource } from "./signal-catalog.js";

@ObjectType({ description: "The result of ingesting a signal." })
export class IngestSignalPayload {
  @Field(() => TimelineEntry)
  entry!: TimelineEntry;

  @Field(() => Boolean, { description: "True when the idempotency key was seen before: this is the first result, nothing new was stored." })
  duplicate!: boolean;
}

@ObjectType({ implements: Node, description: "A signal delivered to one user." })
export class Notification extends Node implements Model {
  __typename!: "Notification";
  dbId!: number;
  seq!: number;
  recordType!: string;
  recordId!: number;
  interactionId!: number;

  @Field(() => String, { description: "Monotonic per user: pass it as `after` to resume." })
  cursor!: string;

  @Field(() => SignalSource)
  source!: SignalSource;

  @Field(() => SignalEvent)
  event!: SignalEvent;

  @Field(() => String, { description: "An icon name for the client: the source in kebab case, e.g. `email-analytics`." })
  icon!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => Boolean)
  read!: boolean;

  @Field(() => DateTimeScalar)
  occurredAt!: Date;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType()
export class SourceSetting {
  @Field(() => SignalSource)
  source!: SignalSource;

  @Field(() => Boolean)
  enabled!: boolean;
}

@ObjectType({ description: "Your signal settings: a master switch and one per source." })
export class SignalSettings {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => [SourceSetting])
  sources!: SourceSetting[];
}
