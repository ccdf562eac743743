import { describe } from "vitest";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, ok } from "./helpers/fixtures.js";
import { collect, settled } from "./helpers/subscriptions.js";
import { test as it } from "./helpers/test.js";

// A live timeline follows one record. When the record is deleted or converted, the stream must not
// stay open and silent: it ends with NOT_FOUND, and a converted lead's names the contact it became.

const TIMELINE = `subscription($id: ID!) { timelineEntryAdded(recordId: $id) { id summary } }`;
const CONVERT = `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { contact { id } } }`;

describe.concurrent("a live timeline whose record goes away (TL-15, CORE-13, CORE-14)", () => {
  it("ends with NOT_FOUND when the lead is deleted, after the entries stored before", async ({ expect, server, ws }) => {
    const org = await createOrg(server);
    const key = await createIntegrationKey(server, org);
    const lead = await createLead(server, org.adminToken);
    const client = ws(org.adminToken);
    const live = collect(client, TIMELINE, { id: lead.id });
    await settled(client);
    // Positive control: the stream delivers while the lead exists.
    await ok(server.gql(key.key, INGEST, { input: buildSignal({ recordId: lead.id, summary: "before" }) }));
    await live.waitFor(1);
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { deleteLead(id: $id) }`, { id: lead.id }));
    await live.waitForComplete();
    expect(live.results[0]!.data!.timelineEntryAdded.summary).toBe("before");
    expect(live.results.at(-1)!.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "recordId" });
    expect(live.results).toHaveLength(2);
  });

  it("ends with NOT_FOUND naming the contact when the lead is converted", async ({ expect, server, ws }) => {
    const org = await createOrg(server);
    const lead = await createLead(server, org.adminToken);
    const client = ws(org.adminToken);
    const live = collect(client, TIMELINE, { id: lead.id });
    await settled(client);
    const { convertLead } = await ok(server.gql(org.adminToken, CONVERT, { input: { leadId: lead.id } }));
    await live.waitForComplete();
    expect(live.results).toHaveLength(1);
    expect(live.results[0]!.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "recordId", movedTo: convertLead.contact.id });
    // The contact's timeline can be followed at once.
    const next = collect(client, TIMELINE, { id: convertLead.contact.id });
    await settled(client);
    expect(next.completed).toBe(false);
    next.stop();
  });
});
