import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  batchIdOf,
  batchItemLines,
  bulkSummaries,
  countsOf,
  docks,
  effectiveDeletes,
  targetsAt,
} from "./bulk-support.js";
import { useHarness } from "./harness.js";
import { auditLines, buttonsOf, parkDeletes } from "./support.js";
import { ALICE } from "./test-org.js";

const ROOM = "Alice 1:1";

// A file of its own: the Webex SDK is configured once per process, and this bot's API URL is the gateway's.

/**
 * A gateway between the bot and the emulator that lets chosen DELETEs through and then loses
 * Webex's answer, sending 502 instead: the delete happened, the bot cannot know.
 */
interface AnswerLosingGateway {
  url: string;
  setUpstream(url: string): void;
  /** The next DELETE of `path` reaches Webex, and its answer is replaced by a 502. */
  loseAnswerOf(path: string): void;
  close(): Promise<void>;
}

async function startAnswerLosingGateway(): Promise<AnswerLosingGateway> {
  let upstream = "";
  const losing = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = new URL(req.url ?? "/", upstream);
      const path = target.pathname.replace(/^\/v1/, "");
      const lose = req.method === "DELETE" && losing.delete(path);
      // The Host header stays the gateway's, so the emulator's pagination links point back here.
      const forwarded = request(target, { method: req.method, headers: req.headers }, (up) => {
        if (lose && up.statusCode === 204) {
          up.resume();
          res
            .writeHead(502, { "content-type": "application/json" })
            .end(JSON.stringify({ message: "Bad Gateway", errors: [{ description: "upstream timed out" }] }));
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      forwarded.on("error", () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setUpstream: (url) => {
      upstream = url;
    },
    loseAnswerOf: (path) => {
      losing.add(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe("bulk delete when Webex acted but its answer was lost, end to end", () => {
  let gateway: AnswerLosingGateway | undefined;
  beforeAll(async () => {
    gateway = await startAnswerLosingGateway();
  });
  // Registered before the harness, so it runs after the harness has closed (hooks unwind as a stack).
  afterAll(async () => {
    await gateway?.close();
  });
  const h = useHarness({
    config: (emulator) => {
      if (!gateway) throw new Error("the gateway starts first");
      gateway.setUpstream(emulator.url);
      return { apiUrl: `${gateway.url}/v1` };
    },
  });

  it("a DELETE that landed but was answered 502: the retry's 404 is reported as deleted, and Webex saw one effective DELETE", async () => {
    const extensions = docks(6000, 6009);
    await h.say(ALICE, ROOM, "delete park ext 6000-6009 at Warehouse");
    const card = h.lastCard(ROOM);
    const batchId = batchIdOf(card);
    const targets = targetsAt(h.emulator, "Warehouse", extensions);
    const lost = targets.filter((t) => t.extension === "6002" || t.extension === "6006");
    for (const t of lost) gateway?.loseAnswerOf(t.path);
    h.emulator.clearRequests();

    await h.press(ALICE, card.id, "Delete 10");

    for (const t of targets) {
      expect(h.emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
      expect(effectiveDeletes(h.emulator.requests, t.path), t.extension).toHaveLength(1);
    }
    // The emulator carried out the first try of each lost one (its 204 never reached the bot); the retry got 404.
    for (const t of lost)
      expect(
        parkDeletes(h)
          .filter((r) => r.path === t.path)
          .map((r) => r.status),
        t.extension,
      ).toEqual([204, 404]);
    expect(parkDeletes(h)).toHaveLength(12);

    const summary = bulkSummaries(h.botMessages(ROOM)).at(-1);
    if (!summary) throw new Error("no summary");
    expect(countsOf(summary)).toEqual({
      deleted: 10,
      "already gone": 0,
      changed: 0,
      failed: 0,
      "not attempted": 0,
    });
    expect(summary.text).toContain(
      "For 2 of the deleted ones my first try got no clear answer; the retry found them gone.",
    );
    expect(buttonsOf(summary).map((b) => b.title)).toEqual(["Undo (10)"]);

    const outcomes = batchItemLines(auditLines(h), batchId, "outcome");
    expect(outcomes).toHaveLength(10);
    expect(
      outcomes
        .filter((o) => o.result === "deleted (first attempt's answer was lost)")
        .map((o) => o.target?.extension)
        .sort(),
    ).toEqual(["6002", "6006"]);
    expect(outcomes.filter((o) => o.result === "deleted")).toHaveLength(8);
    expect(batchItemLines(auditLines(h), batchId, "intent")).toHaveLength(10);
  });
});
