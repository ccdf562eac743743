export * from "./identity.js";
export * from "./records.js";
export * from "./customization.js";
export * from "./signals.js";
export * from "./timeline.js";
export * from "./visitors.js";
