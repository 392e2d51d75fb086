'use strict';
/*
 * The simulator's claim side (issue 12): professional claims in, acknowledgments and remittances
 * out, priced by infra/clearinghouse/adjudication.js.
 *
 *   POST /x12/837            (application/edi-x12) one or more interchanges of 837Ps (005010X222A1)
 *                            -> 200 the 999 interchange at once (header x-submission-id). Each claim
 *                            the 999 accepts is acknowledged in a 277CA (accepted with the payer's
 *                            claim control number REF*1K, or rejected with its reason), queued as a
 *                            report straight away. A claim for an SVC member id -> 503 for the whole
 *                            submission (nothing kept), as on the eligibility routes.
 *   GET  /x12/reports?since=<cursor>&partner=<ISA06 of the 837s>&limit=<n, default 100>
 *                            -> 200 {items: [{id, kind: '277CA'|'835', partner, createdAt, text}], cursor}
 *                            the reports queued after the cursor, oldest first; `cursor` is the id of
 *                            the last item returned (or the one given): pass it back next time. Ids
 *                            only grow, across restarts too (kept in DATA_DIR); the reports themselves
 *                            live in memory.
 *   POST /x12/pay-cycle      optional JSON {date: 'YYYY-MM-DD' (payment date, default today UTC)}
 *                            -> 200 {cycle, remittances: [{reportId, partner, payerId, traceNumber,
 *                            paymentCents, method, claims}]}: every accepted claim not yet adjudicated
 *                            is priced (voids and replacements reverse the claim they name with CLP02
 *                            22), one 835 per submitter, payer and billing provider, each with its own
 *                            trace number (never reused, kept in DATA_DIR), queued as a report.
 *   GET  /admin/claims       -> {items: [...]} the claims received and their state, oldest first
 *                               (?include=x12: each with the exact interchange text it came in, `x12`)
 *
 * Payment: BPR02 = claims paid - provider adjustments; interest (INT members) is PLB L6; a payment
 * that would be negative (reversals only) is 0 with method NON and a PLB FB forwarding balance, which
 * the payer's next remittance to the same payee recovers (PLB FB positive).
 */
const fs = require('fs');
const path = require('path');
const rules = require('./adjudication');
const envelopes = require('./envelopes');

const SELF = { qualifier: 'ZZ', id: 'CLEARHOUSE' };
const PAYER_EIN = '1987654321';
const PAYER_ADDRESS = { line1: '1 PAYER PLAZA', city: 'HARTFORD', state: 'CT', postalCode: '06101' };

/** A counter kept in DATA_DIR (so numbers are never reused across restarts), or in memory. */
function counter(dataDir, name) {
  const file = dataDir ? path.join(dataDir, name) : null;
  let last = file && fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) || 0 : 0;
  return () => {
    last += 1;
    if (file) fs.writeFileSync(file, String(last));
    return last;
  };
}

function createClaims({ x12, dataDir, send, interchangeTo, readBody }) {
  const nextReport = counter(dataDir, 'report-id');
  const nextPcc = counter(dataDir, 'payer-claim-control-number');
  const nextTrace = counter(dataDir, 'payment-trace');
  const nextCycle = counter(dataDir, 'pay-cycle');
  const reports = [];
  /** Every claim received, in order: {claim, partner, receivedDate, state: accepted|rejected|adjudicated|voided, pcc, payment}. */
  const claims = [];
  const byPcc = new Map();
  const deductibles = new Map();
  /** Forwarding balances still to recover, by partner|payer|npi (cents). */
  const carried = new Map();

  const today = () => new Date().toISOString().slice(0, 10);

  function queue(kind, partner, text) {
    const item = { id: nextReport(), kind, partner: partner.id, createdAt: new Date().toISOString(), text };
    reports.push(item);
    return item;
  }

  /** Reads the 837s: the 999 per group, and for each claim the 999 accepts, its 277CA verdict. */
  async function submit(req, res, text) {
    const received = [];
    const { acks } = envelopes.receive(x12, text, (tx, interchange, partner) => {
      if (tx.setId !== '837' || (tx.implementationRef && tx.implementationRef !== x12.X222)) throw new Error('not an 837P');
      const claim = x12.parse837P(tx, interchange.separators);
      const bht = tx.segments.find((s) => s.tag === 'BHT');
      const receivedDate = x12.fromX12Date((bht && bht.elements[3]) || '') || today();
      received.push({ claim, partner, receivedDate, interchangeControlNumber: interchange.controlNumber, text });
      return undefined;
    });
    if (received.some((r) => r.claim.subscriber.memberId.toUpperCase().startsWith('SVC'))) {
      return envelopes.unavailable(send, res);
    }
    const submissionId = `SUB${nextReport()}`;
    const acksText = await envelopes.acksInterchange(x12, interchangeTo, acks);
    // 277CA per payer, per interchange received.
    const byPayer = new Map();
    for (const r of received) {
      const known = (pcc) => byPcc.has(pcc) && byPcc.get(pcc).state !== 'voided' && !byPcc.get(pcc).replacedBy;
      const rejection = rules.frontEndRejection(r.claim, x12.claimProblems(r.claim), known);
      const entry = { ...r, state: rejection ? 'rejected' : 'accepted', rejection };
      if (!rejection) {
        entry.pcc = `${r.claim.payer.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 5)}${String(nextPcc()).padStart(9, '0')}`;
        byPcc.set(entry.pcc, entry);
        if (r.claim.frequency === '7') byPcc.get(r.claim.payerClaimControlNumber).replacedBy = entry.pcc;
      }
      claims.push(entry);
      const key = `${r.partner.id}|${r.claim.payer.id}|${r.interchangeControlNumber}`;
      if (!byPayer.has(key)) byPayer.set(key, []);
      byPayer.get(key).push(entry);
    }
    for (const entries of byPayer.values()) {
      const first = entries[0];
      const report = {
        payer: { name: first.claim.payer.name, id: first.claim.payer.id },
        receiver: { name: first.claim.submitter.name || first.partner.id, id: first.claim.submitter.id || first.partner.id },
        traceNumber: `ACK${String(nextReport()).padStart(9, '0')}`,
        batchReference: first.interchangeControlNumber,
        receivedDate: first.receivedDate,
        processedDate: today(),
        claims: entries.map((e) => {
          const dates = e.claim.lines.map((l) => l.serviceDate).filter(Boolean).sort();
          return {
            claimId: e.claim.claimId, accepted: !e.rejection,
            statuses: e.rejection ? e.rejection.statuses : [{ category: 'A2', code: '20', entity: 'PR' }],
            ...(e.rejection ? { message: e.rejection.message } : {}),
            statusDate: today(), totalChargeCents: e.claim.totalChargeCents,
            ...(e.pcc ? { payerClaimControlNumber: e.pcc } : {}),
            patient: e.claim.patient
              ? { lastName: e.claim.patient.lastName, firstName: e.claim.patient.firstName, memberId: e.claim.subscriber.memberId }
              : { lastName: e.claim.subscriber.lastName, firstName: e.claim.subscriber.firstName, memberId: e.claim.subscriber.memberId },
            billingProviderNpi: e.claim.billingProvider.npi, billingProviderName: e.claim.billingProvider.organizationName,
            serviceFrom: dates[0] || e.receivedDate, serviceTo: dates[dates.length - 1] || e.receivedDate,
          };
        }),
      };
      queue('277CA', first.partner, await interchangeTo(first.partner, 'HN', [x12.build277CA(report, 1)]));
    }
    return send(res, 200, acksText, { 'x-submission-id': submissionId });
  }

  const deductibleRemaining = (memberId, year, start) => {
    const key = `${memberId.toUpperCase()}|${year}`;
    if (!deductibles.has(key)) deductibles.set(key, start);
    return deductibles.get(key);
  };
  const spendDeductible = (memberId, year, cents) => {
    const key = `${memberId.toUpperCase()}|${year}`;
    deductibles.set(key, deductibles.get(key) - cents);
  };

  /** Prices the accepted claims not yet adjudicated, in the order received; returns the claim payments per 835. */
  function adjudicateAll() {
    const remittances = new Map();
    const add = (entry, payment, interest = 0) => {
      const key = `${entry.partner.id}|${entry.claim.payer.id}|${entry.claim.billingProvider.npi}`;
      if (!remittances.has(key)) remittances.set(key, { key, entry, payments: [], interest: 0 });
      const r = remittances.get(key);
      r.payments.push(payment);
      r.interest += interest;
    };
    const active = new Set(claims.filter((c) => c.state === 'adjudicated' && c.payment && !c.reversed).map((c) => rules.signature(c.claim)));
    for (const entry of claims.filter((c) => c.state === 'accepted')) {
      const claim = entry.claim;
      if (claim.frequency === '7' || claim.frequency === '8') {
        const original = byPcc.get(claim.payerClaimControlNumber);
        if (original.state === 'accepted') {
          // Never priced yet: it is withdrawn (void) or replaced without a payment to reverse.
          original.state = 'voided';
        } else if (original.payment && !original.reversed) {
          add(entry, rules.reversal(original.payment, claim.claimId, claim.frequency));
          // The deductible the reversed payment took is the member's again.
          const firstDate = original.claim.lines.map((l) => l.serviceDate).sort()[0];
          const taken = original.payment.lines.flatMap((l) => l.adjustments).filter((a) => a.group === 'PR' && a.reason === '1').reduce((n, a) => n + a.amountCents, 0);
          if (taken) spendDeductible(original.claim.subscriber.memberId, firstDate.slice(0, 4), -taken);
          original.reversed = true;
          original.state = 'voided';
          active.delete(rules.signature(original.claim));
        }
        if (claim.frequency === '8') {
          entry.state = 'adjudicated';
          continue;
        }
      }
      const sig = rules.signature(claim);
      const duplicate = claim.frequency === '1' && active.has(sig);
      const payment = rules.adjudicate(claim, { receivedDate: entry.receivedDate, payerClaimControlNumber: entry.pcc, duplicate, deductibleRemaining, spendDeductible });
      entry.payment = payment;
      entry.state = 'adjudicated';
      if (!duplicate) active.add(sig);
      add(entry, payment, rules.interestOn(claim, payment));
    }
    return [...remittances.values()];
  }

  async function payCycle(req, res, body) {
    let options = {};
    if (body.trim()) {
      try {
        options = JSON.parse(body);
      } catch {
        return send(res, 400, { code: 'PAY_CYCLE.BAD_BODY', message: 'the body must be JSON: {"date": "YYYY-MM-DD"} or empty' });
      }
    }
    const date = options.date ?? today();
    if (!x12.fromX12Date(String(date).replace(/-/g, ''))) return send(res, 400, { code: 'PAY_CYCLE.BAD_DATE', message: 'date must be YYYY-MM-DD' });
    const cycle = nextCycle();
    const out = [];
    for (const r of adjudicateAll()) {
      const { entry } = r;
      const plan = rules.planFor(entry.claim.subscriber.memberId);
      const paid = r.payments.reduce((n, p) => n + p.paidCents, 0);
      const providerAdjustments = [];
      if (r.interest) providerAdjustments.push({ reason: 'L6', reference: `INTEREST${cycle}`, amountCents: -r.interest });
      let net = paid + r.interest;
      const owed = carried.get(r.key) ?? 0;
      if (owed > 0 && net > 0) {
        const recover = Math.min(owed, net);
        providerAdjustments.push({ reason: 'FB', reference: `FWD${cycle}`, amountCents: recover });
        carried.set(r.key, owed - recover);
        net -= recover;
      }
      if (net < 0) {
        providerAdjustments.push({ reason: 'FB', reference: `FWD${cycle}`, amountCents: net });
        carried.set(r.key, (carried.get(r.key) ?? 0) - net);
        net = 0;
      }
      const method = net === 0 ? 'NON' : plan.method;
      const seq = nextTrace();
      const remittance = {
        handling: net === 0 ? 'H' : 'I', paymentCents: net, method, paymentDate: date,
        traceNumber: `${method === 'CHK' ? 'CHK' : method === 'ACH' ? 'EFT' : 'NON'}${String(seq).padStart(9, '0')}`, payerTraceId: PAYER_EIN,
        ...(method === 'ACH' ? { bank: { payerRouting: '011000015', payerAccount: '4000123456', payeeRouting: '021000021', payeeAccount: '9000654321' } } : {}),
        productionDate: date,
        payer: { name: entry.claim.payer.name, id: entry.claim.payer.id, address: PAYER_ADDRESS, technicalContact: { name: 'EDI SUPPORT', phone: '8005550199' } },
        payee: { name: entry.claim.billingProvider.organizationName, npi: entry.claim.billingProvider.npi, taxId: entry.claim.billingProvider.taxId },
        claims: r.payments, providerAdjustments, fiscalPeriodDate: `${date.slice(0, 4)}-12-31`,
      };
      const problems = x12.remittanceProblems(remittance);
      if (problems.length) throw new Error(`the simulator built an 835 that does not balance: ${problems.map((p) => p.message).join('; ')}`);
      const item = queue('835', entry.partner, await interchangeTo(entry.partner, 'HP', [x12.build835(remittance, 1)]));
      out.push({ reportId: item.id, partner: entry.partner.id, payerId: entry.claim.payer.id, traceNumber: remittance.traceNumber, paymentCents: net, method, claims: r.payments.length });
    }
    return send(res, 200, { cycle, remittances: out });
  }

  function listReports(res, url) {
    const since = Number(url.searchParams.get('since') || '0');
    const partner = url.searchParams.get('partner');
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') || '100'), 1), 1000);
    if (!Number.isInteger(since) || since < 0) return send(res, 400, { code: 'REPORTS.BAD_CURSOR', message: 'since must be a whole number (the cursor of the last call, or 0)' });
    const items = reports.filter((r) => r.id > since && (!partner || r.partner === partner)).slice(0, limit);
    return send(res, 200, { items, cursor: items.length ? items[items.length - 1].id : since });
  }

  /** `withText`: each claim with the exact interchange text it came in (GET /admin/claims?include=x12), for validating what a submitter sends. */
  const summary = (withText = false) => claims.map((c) => ({
    claimId: c.claim.claimId, partner: c.partner.id, payerId: c.claim.payer.id, memberId: c.claim.subscriber.memberId, frequency: c.claim.frequency,
    state: c.state, payerClaimControlNumber: c.pcc, rejection: c.rejection, paidCents: c.payment?.paidCents, status: c.payment?.status,
    ...(withText ? { interchangeControlNumber: c.interchangeControlNumber, x12: c.text } : {}),
  }));

  /** Answers the request when it is one of this module's routes (true), otherwise leaves it (false). */
  async function handle(req, res, url) {
    if (req.method === 'POST' && url.pathname === '/x12/837') await submit(req, res, await readBody(req));
    else if (req.method === 'GET' && url.pathname === '/x12/reports') listReports(res, url);
    else if (req.method === 'POST' && url.pathname === '/x12/pay-cycle') await payCycle(req, res, await readBody(req));
    else if (req.method === 'GET' && url.pathname === '/admin/claims') send(res, 200, { items: summary(url.searchParams.get('include') === 'x12') });
    else return false;
    return true;
  }

  return { handle };
}

module.exports = { createClaims, SELF };
