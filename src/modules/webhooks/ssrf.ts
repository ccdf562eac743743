import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * HOOK-8: where a webhook may be sent. Only public unicast addresses, unless the operator allows
 * private ones (WEBHOOK_ALLOW_PRIVATE, for tests and on-premise receivers). Checked when an
 * endpoint is registered and again on every delivery, on the address actually connected to.
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  httpsOnly: boolean;
}

/** Why an address may not be used, or null when it may. */
export function addressProblem(address: string, policy: AddressPolicy): string | null {
  if (policy.allowPrivate) return null;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 it maps.
    parsed = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const range = parsed.range();
  // Everything but global unicast: private, loopback, link-local (169.254.0.0/16, the cloud
  // metadata address among them), unique-local, carrier-grade NAT, multicast, reserved, 6to4/Teredo
  // relays that can reach anything, unspecified.
  if (range !== "unicast") return `${address} is a ${range} address`;
  return null;
}

/** What is wrong with a URL as a webhook endpoint before resolving its host, or null. */
export function urlProblem(raw: string, policy: AddressPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (url.protocol === "http:" && policy.httpsOnly) return "must be an https URL";
  if (url.username || url.password) return "may not carry credentials";
  if (!url.hostname) return "has no host";
  const host = hostOf(url);
  if (isIP(host)) {
    const problem = addressProblem(host, policy);
    if (problem) return `may not point at ${problem}`;
  }
  // A name is judged by what it resolves to (resolvedProblem), now and at every delivery.
  return null;
}

/** The URL's host as an address or name: IPv6 literals lose their brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/** Resolves the host and checks every address it resolves to (registration). */
export async function resolvedProblem(raw: string, policy: AddressPolicy): Promise<string | null> {
  const host = hostOf(new URL(raw));
  if (isIP(host) || policy.allowPrivate) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (error, list) => (error ? reject(error) : resolve(list))),
    );
  } catch {
    return `host ${host} does not resolve`;
  }
  for (const a of addresses) {
    const problem = addressProblem(a.address, policy);
    if (problem) return `may not point at ${problem} (${host} resolves to it)`;
  }
  return null;
}

/**
 * A `lookup` for http(s).request: resolves the name, refuses the connection when any answer is
 * not allowed, and hands the socket exactly the addresses it checked, so a DNS answer that
 * changes between the check and the connect (DNS rebinding) is never followed.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const problem = addressProblem(a.address, policy);
        if (problem) {
          return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${problem}`), { code: "EADDRNOTALLOWED" }), "", 0);
        }
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}
