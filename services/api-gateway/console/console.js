'use strict';
/*
 * The operations console (issue 13): plain JavaScript, no build step. Signs in with the gateway's
 * API (tokens kept in memory only), refreshes every few seconds, and reads the live stream as
 * server-sent events over fetch (EventSource cannot send the bearer token).
 */
(() => {
  const API = '/api/v1';
  /** Every 2 s, or `?refreshMs=` (1 s to 60 s) for a closer look at lag moving (each refresh asks every service). */
  const REFRESH_MS = Math.min(60_000, Math.max(1000, Number(new URLSearchParams(location.search).get('refreshMs')) || 2000));
  const $ = (id) => document.getElementById(id);
  const session = { accessToken: null, refreshToken: null, user: null, challengeToken: null };
  const selected = new Set();
  let timer = null;
  let detailPosition = null;
  let live = null;

  /** A text node's worth of content, never HTML. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(child === undefined || child === null ? '' : String(child)));
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super(body && (body.code || body.detail || body.title) ? `${body.code ? `${body.code}: ` : ''}${body.detail || body.title || ''}` : `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function call(method, path, body, retried = false) {
    const headers = { accept: 'application/json' };
    if (session.accessToken) headers.authorization = `Bearer ${session.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 && session.refreshToken && !retried) {
      if (await renew()) return call(method, path, body, true);
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  async function renew() {
    try {
      const res = await fetch(`${API}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) });
      if (!res.ok) return false;
      const json = await res.json();
      session.accessToken = json.accessToken;
      session.refreshToken = json.refreshToken;
      return true;
    } catch {
      return false;
    }
  }

  // ── sign-in ──────────────────────────────────────────────────────────────────────────────
  async function signIn(event) {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      let answer;
      if (session.challengeToken) {
        answer = await call('POST', '/auth/login/second-factor', { challengeToken: session.challengeToken, code: $('code').value.trim() });
      } else {
        answer = await call('POST', '/auth/login', { email: $('email').value.trim(), password: $('password').value });
      }
      if (answer.challengeToken) {
        session.challengeToken = answer.challengeToken;
        $('code-field').hidden = false;
        $('code').required = true;
        $('code').focus();
        $('sign-in-error').textContent = answer.enrolled === false ? 'This account must enrol a second factor first.' : 'Enter the code from your authenticator app.';
        return;
      }
      session.challengeToken = null;
      session.accessToken = answer.accessToken;
      session.refreshToken = answer.refreshToken;
      session.user = answer.user;
      if (!(answer.user.roles || []).includes('operations')) {
        $('sign-in-error').textContent = 'This console is for the operations role; this account does not have it.';
        session.accessToken = null;
        return;
      }
      $('password').value = '';
      $('sign-in').hidden = true;
      $('console').hidden = false;
      $('sign-out').hidden = false;
      $('who').textContent = `Signed in as ${answer.user.name} (${answer.user.email})`;
      startRefreshing();
    } catch (error) {
      $('sign-in-error').textContent = error.message;
    }
  }

  async function signOut() {
    stopRefreshing();
    stopLive();
    if (session.refreshToken) await fetch(`${API}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) }).catch(() => undefined);
    Object.assign(session, { accessToken: null, refreshToken: null, user: null, challengeToken: null });
    $('console').hidden = true;
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = '';
  }

  // ── refresh ──────────────────────────────────────────────────────────────────────────────
  /**
   * Each panel refreshes on its own loop (one request in flight each), so a slow answer (a service
   * that takes long to scrape) never holds the others back, and one that fails shows its error
   * while the rest stay current.
   */
  const panels = [
    { name: 'services', read: () => call('GET', '/ops/services'), render: (r) => renderServices(r.items) },
    { name: 'failed jobs', read: () => call('GET', '/ops/jobs/failed?limit=100'), render: renderFailedJobs },
    { name: 'consumer groups', read: () => call('GET', '/ops/consumer-groups'), render: (r) => renderGroups(r.items) },
    { name: 'dead-letter topics', read: () => call('GET', '/ops/dead-letter-topics'), render: (r) => renderTopics(r.items) },
    {
      name: 'dead letters',
      read: () => {
        const query = new URLSearchParams({ status: $('dl-status').value, limit: '100' });
        for (const [name, id] of [['topic', 'dl-topic'], ['key', 'dl-key'], ['type', 'dl-type']]) if ($(id).value.trim()) query.set(name, $(id).value.trim());
        return call('GET', `/ops/dead-letters?${query}`);
      },
      render: renderDeadLetters,
    },
    { name: 'audit log', read: () => call('GET', '/ops/actions?limit=30'), render: (r) => renderActions(r.items) },
  ];
  const failures = new Map();

  async function refreshPanel(panel) {
    if (panel.busy || !session.accessToken) return;
    panel.busy = true;
    try {
      panel.render(await panel.read());
      failures.delete(panel.name);
      $('refreshed-at').textContent = new Date().toLocaleTimeString();
    } catch (error) {
      failures.set(panel.name, error.message);
    } finally {
      panel.busy = false;
      $('refresh-error').textContent = [...failures].map(([name, message]) => `${name}: ${message}`).join('; ');
    }
  }

  /** Refreshes every panel now (after an action or a filter change). */
  function refresh() {
    return Promise.all(panels.map(refreshPanel));
  }

  function startRefreshing() {
    timer = panels.map((panel) => {
      const loop = async () => {
        await refreshPanel(panel);
        if (session.accessToken) panel.timer = setTimeout(loop, REFRESH_MS);
      };
      return loop();
    });
  }

  function stopRefreshing() {
    for (const panel of panels) clearTimeout(panel.timer);
    timer = null;
  }

  function renderServices(items) {
    const body = $('services-table').tBodies[0];
    body.replaceChildren(
      ...items.map((s) =>
        el(
          'tr',
          { 'data-service': s.service },
          el('th', { scope: 'row' }, s.service),
          el('td', { class: s.status === 'up' ? 'up' : 'down', 'data-status': s.status }, s.status, s.error ? ` (${s.error})` : ''),
          el(
            'td',
            {},
            s.queues.length
              ? el('ul', {}, s.queues.map((q) => el('li', { 'data-queue': q.queue }, `${q.queue}: `, ...['waiting', 'delayed', 'active', 'failed'].flatMap((state, i) => [i ? ' / ' : '', el('span', { 'data-state': state, title: state }, q[state] ?? 0)]), lateness(q.lateness))))
              : 'none',
          ),
          el('td', {}, s.outbox.length ? el('ul', {}, s.outbox.map((o) => el('li', { 'data-collection': o.collection }, `${o.collection}: `, el('span', { 'data-pending': '' }, o.pending), ` (${Math.round(o.oldestAgeSeconds)})`))) : 'none'),
        ),
      ),
    );
  }

  /** How late a queue's delayed jobs started (reminders: sent after their due time), from its histogram's buckets. */
  function lateness(l) {
    if (!l) return '';
    const bound = (s) => (s === null ? 'over the last bucket' : `≤ ${s} s`);
    return el('span', { class: 'lateness', 'data-lateness-jobs': l.jobs }, `; late: mean ${l.meanSeconds} s, p50 ${bound(l.p50Seconds)}, p99 ${bound(l.p99Seconds)} (${l.jobs} jobs)`);
  }

  const jobKey = (j) => `${j.service}/${j.queue}/${j.id}`;

  function renderFailedJobs({ items, errors }) {
    $('jobs-count').textContent = `${items.length} shown.${errors.length ? ` Not answering: ${errors.map((e) => e.service).join(', ')}.` : ''}`;
    $('jobs-table').tBodies[0].replaceChildren(
      ...items.map((j) =>
        el(
          'tr',
          { 'data-job': jobKey(j), 'data-service': j.service, 'data-queue': j.queue, 'data-job-id': j.id },
          el('td', {}, j.failedAt || '—'),
          el('td', {}, j.service),
          el('td', {}, j.queue),
          el('td', {}, `${j.name} ${j.id}`),
          el('td', { class: 'num' }, `${j.attemptsMade} of ${j.maxAttempts}`),
          el('td', { class: 'error-text' }, j.failedReason),
          el('td', {}, el('code', {}, JSON.stringify(j.data))),
          el('td', {}, el('button', { type: 'button', class: 'retry', 'aria-label': `Retry job ${j.id} of ${j.queue}`, onclick: () => retryJob(j) }, 'Retry')),
        ),
      ),
    );
  }

  async function retryJob(j) {
    const reason = $('jobs-retry-reason').value.trim();
    $('jobs-message').textContent = 'Retrying…';
    try {
      const result = await call('POST', '/ops/jobs/retry', { service: j.service, queue: j.queue, id: j.id, ...(reason ? { reason } : {}) });
      $('jobs-message').textContent = `Retried ${jobKey(j)}: now ${result.state}`;
      $('jobs-message').className = 'ok';
      await refresh();
    } catch (error) {
      $('jobs-message').textContent = error.message;
      $('jobs-message').className = 'error';
    }
  }

  function renderGroups(items) {
    const rows = [];
    for (const group of items) {
      for (const topic of group.topics) {
        const lagging = topic.partitions.filter((p) => p.lag > 0);
        rows.push(
          el(
            'tr',
            { 'data-group': group.groupId, 'data-topic': topic.topic, class: topic.lag > 0 ? 'lagging' : undefined },
            el('th', { scope: 'row' }, group.groupId),
            el('td', {}, `${group.state} (${group.members} member${group.members === 1 ? '' : 's'})`),
            el('td', {}, topic.topic),
            el('td', { class: 'num lag', 'data-lag': topic.lag }, topic.lag),
            el('td', {}, lagging.length ? lagging.map((p) => `p${p.partition}: ${p.lag}`).join(', ') : '—'),
          ),
        );
      }
    }
    $('groups-table').tBodies[0].replaceChildren(...rows);
  }

  function renderTopics(items) {
    const select = $('dl-topic');
    const current = select.value;
    const options = [el('option', { value: '' }, 'All dead-letter topics'), ...items.map((t) => el('option', { value: t.topic }, `${t.consumerGroup}: ${t.open} open of ${t.total}`))];
    select.replaceChildren(...options);
    select.value = items.some((t) => t.topic === current) ? current : '';
  }

  const positionOf = (d) => `${d.topic}/${d.partition}/${d.offset}`;

  function renderDeadLetters({ items, total }) {
    $('dl-count').textContent = `${items.length} shown of ${total}.`;
    $('dl-table').tBodies[0].replaceChildren(
      ...items.map((d) => {
        const position = positionOf(d);
        const label = `${d.type || 'unreadable message'} ${d.key || ''} at ${position}`;
        return el(
          'tr',
          { 'data-position': position, 'data-event-id': d.eventId, 'data-status': d.status, 'data-key': d.key },
          el('td', {}, el('input', { type: 'checkbox', 'aria-label': `Select ${label}`, checked: selected.has(position), onchange: (e) => (e.target.checked ? selected.add(position) : selected.delete(position)) })),
          el('td', {}, d.failedAt || d.writtenAt),
          el('td', {}, d.consumerGroup),
          el('td', {}, d.type || '—'),
          el('td', {}, d.key || '—'),
          el('td', {}, d.reason),
          el('td', { class: 'error-text' }, d.error),
          el('td', { class: 'status' }, d.status, d.replays ? ` (${d.replays} replay${d.replays === 1 ? '' : 's'})` : ''),
          el('td', {}, el('button', { type: 'button', class: 'inspect', 'aria-label': `Inspect ${label}`, onclick: () => inspect(d) }, 'Inspect')),
        );
      }),
    );
  }

  function renderActions(items) {
    $('actions-table').tBodies[0].replaceChildren(
      ...items.map((a) =>
        el('tr', { 'data-action': a.action, 'data-target': a.target }, el('td', {}, a.at), el('td', {}, a.by.email || a.by.userId), el('td', {}, a.action, a.corrected ? ` (corrected ${a.corrected.join(', ')})` : ''), el('td', {}, a.target), el('td', {}, a.outcome), el('td', {}, a.reason || a.detail || '')),
      ),
    );
  }

  // ── dead letters ─────────────────────────────────────────────────────────────────────────
  async function inspect(d) {
    detailPosition = { topic: d.topic, partition: d.partition, offset: d.offset };
    $('dl-replay-result').textContent = '';
    $('dl-correction').value = '';
    try {
      const detail = await call('GET', `/ops/dead-letters/${encodeURIComponent(d.topic)}/${d.partition}/${d.offset}`);
      $('dl-detail-id').textContent = positionOf(detail);
      const facts = [
        ['Consumer group', detail.consumerGroup],
        ['Came from', `${detail.sourceTopic} partition ${detail.sourcePartition} offset ${detail.sourceOffset}`],
        ['Event', `${detail.type || '?'} v${detail.version ?? '?'} (${detail.eventId || 'no id'})`],
        ['Reason', `${detail.reason} after ${detail.attempts} attempt(s)`],
        ['Error', detail.error],
        ['Status', detail.status],
      ];
      $('dl-detail-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
      $('dl-detail-payload').textContent = JSON.stringify(detail.event ?? detail.unreadable, null, 2);
      $('dl-detail-history').replaceChildren(...detail.history.map((h) => el('li', {}, `${h.at} ${h.action} by ${h.by.email || h.by.userId}: ${h.outcome}${h.reason ? ` (${h.reason})` : ''}${h.detail ? ` — ${h.detail}` : ''}`)));
      $('dl-detail').hidden = false;
      $('dl-correction').focus();
    } catch (error) {
      $('dl-message').textContent = error.message;
    }
  }

  async function replay(items, set, reason, output) {
    output.textContent = 'Replaying…';
    try {
      const result = await call('POST', '/ops/dead-letters/replay', { items, ...(set ? { set } : {}), ...(reason ? { reason } : {}) });
      output.textContent = `Replayed ${result.replayed.length}: ${result.replayed.map((r) => `${positionOf(r)} to ${r.replayedTo}`).join('; ')}`;
      output.className = 'ok';
      await refresh();
    } catch (error) {
      output.textContent = error.message;
      output.className = 'error';
    }
  }

  function replayOne() {
    let set;
    const text = $('dl-correction').value.trim();
    if (text) {
      try {
        set = JSON.parse(text);
      } catch (error) {
        $('dl-replay-result').textContent = `The corrections are not JSON: ${error.message}`;
        $('dl-replay-result').className = 'error';
        return;
      }
    }
    return replay([detailPosition], set, $('dl-replay-reason').value.trim(), $('dl-replay-result'));
  }

  const selectedItems = () => [...selected].map((p) => {
    const [offset, partition, ...topic] = p.split('/').reverse();
    return { topic: topic.reverse().join('/'), partition: Number(partition), offset };
  });

  async function discardSelected() {
    const reason = $('dl-discard-reason').value.trim();
    if (!selected.size) return ($('dl-message').textContent = 'Select dead letters first.');
    try {
      const result = await call('POST', '/ops/dead-letters/discard', { items: selectedItems(), reason });
      $('dl-message').textContent = `Discarded ${result.discarded.length}.`;
      selected.clear();
      await refresh();
    } catch (error) {
      $('dl-message').textContent = error.message;
    }
  }

  async function replaySelected() {
    if (!selected.size) return ($('dl-message').textContent = 'Select dead letters first.');
    await replay(selectedItems(), undefined, undefined, $('dl-message'));
    selected.clear();
  }

  // ── live stream ──────────────────────────────────────────────────────────────────────────
  async function startLive(event) {
    event.preventDefault();
    stopLive();
    const query = new URLSearchParams();
    for (const [name, id] of [['topic', 'live-topic'], ['type', 'live-type'], ['key', 'live-key']]) if ($(id).value.trim()) query.set(name, $(id).value.trim());
    const controller = new AbortController();
    live = controller;
    $('live-start').disabled = true;
    $('live-stop').disabled = false;
    $('live-state').textContent = 'Connecting…';
    try {
      const res = await fetch(`${API}/ops/stream?${query}`, { headers: { authorization: `Bearer ${session.accessToken}`, accept: 'text/event-stream' }, signal: controller.signal });
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handleFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      $('live-state').textContent = 'The stream ended';
    } catch (error) {
      if (error.name !== 'AbortError') $('live-state').textContent = `Stream failed: ${error.message}`;
    } finally {
      if (live === controller) {
        live = null;
        $('live-start').disabled = false;
        $('live-stop').disabled = true;
      }
    }
  }

  function handleFrame(frame) {
    let name = 'message';
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (name === 'ready') $('live-state').textContent = 'Watching';
    if (name !== 'event') return;
    const e = JSON.parse(data);
    const list = $('live-events');
    list.prepend(el('li', { 'data-type': e.type, 'data-key': e.key, 'data-topic': e.topic }, `${e.timestamp} ${e.topic} [${e.partition}@${e.offset}] ${e.type || 'unreadable'} key=${e.key} `, el('code', {}, JSON.stringify(e.event ? e.event.data : e.unreadable))));
    while (list.children.length > 200) list.lastChild.remove();
  }

  function stopLive() {
    if (live) live.abort();
    live = null;
    $('live-start').disabled = false;
    $('live-stop').disabled = true;
    $('live-state').textContent = 'Not watching';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('dl-filters').addEventListener('change', refresh);
    $('dl-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      refresh();
    });
    $('dl-replay').addEventListener('click', replayOne);
    $('dl-replay-selected').addEventListener('click', replaySelected);
    $('dl-discard-selected').addEventListener('click', discardSelected);
    $('live-filters').addEventListener('submit', startLive);
    $('live-stop').addEventListener('click', stopLive);
  });
})();
