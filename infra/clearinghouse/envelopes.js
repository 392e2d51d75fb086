'use strict';
/*
 * Envelope handling every simulator route shares (270 realtime/batch, 278, 837): reading the
 * interchanges a partner sent, one 999 verdict per transaction, the 999 interchange back to that
 * partner, and the HTTP answers the payer-side scenarios give (503, a held request).
 */

/** The 999 verdict for a transaction that does not read as what the route takes (IK3 code 3). */
const unreadable = (tx) => ({ status: 'R', errorCodes: ['I5'], segmentErrors: [{ segmentId: tx.segments[0]?.tag ?? 'ST', position: 1, code: '3', elementErrors: [] }] });
const ACCEPTED = Object.freeze({ status: 'A', errorCodes: [], segmentErrors: [] });

/**
 * Parses `text` and acknowledges every group: `read(tx, interchange, partner)` returns the 999
 * verdict of one transaction (undefined: accepted) and may throw (unreadable). Returns the
 * interchanges and one `{partner, ack}` per group; `partner` is the ISA sender, whom answers go to.
 */
function receive(x12, text, read) {
  const interchanges = x12.parseInterchanges(text);
  const acks = [];
  for (const interchange of interchanges) {
    const partner = { qualifier: interchange.senderQualifier, id: interchange.senderId };
    for (const group of interchange.groups) {
      acks.push({
        partner,
        ack: x12.acknowledge(group, (tx) => {
          try {
            return read(tx, interchange, partner) ?? ACCEPTED;
          } catch {
            return unreadable(tx);
          }
        }),
      });
    }
  }
  return { interchanges, acks };
}

/** How many transactions the groups acknowledged hold. */
const transactionCount = (acks) => acks.reduce((n, a) => n + a.ack.transactions.length, 0);

/** The 999 interchange (one 999 per group) to the first group's partner. */
const acksInterchange = (x12, interchangeTo, acks) => interchangeTo(acks[0].partner, 'FA', acks.map((a, i) => x12.build999(a.ack, i + 1)));

/** The payer connection is down (SVC members): 503 with Retry-After. */
const unavailable = (send, res) => send(res, 503, { code: 'CLEARINGHOUSE.UNAVAILABLE', message: 'payer connection unavailable' }, { 'retry-after': '30' });

/** Holds a request `holdMs` (a payer that never answers), then 504 unless the caller gave up. */
async function hold(send, res, holdMs) {
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, holdMs);
    res.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (res.writableEnded || res.destroyed) return undefined;
  return send(res, 504, { code: 'CLEARINGHOUSE.TIMEOUT', message: 'no answer from the payer' });
}

module.exports = { receive, transactionCount, acksInterchange, unavailable, hold, unreadable, ACCEPTED };
