import { defineModule } from "../shared/module.js";
import { OwnerResponseResolver, SignalFollowUpResolver } from "./follow-up.resolver.js";

/** Which signals nobody followed up, and how fast each source and owner answers. */
export default defineModule({
  name: "follow-up",
  resolvers: [SignalFollowUpResolver, OwnerResponseResolver],
});
