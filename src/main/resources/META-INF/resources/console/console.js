'use strict';
// The linkops console: a team's bulk operations, watched live through the same API every client uses.
// The API key lives in sessionStorage only (this tab); every request carries it in x-vital-api-key.

const KEY_ITEM = 'linkops.apiKey';
const LIVE_STREAMS = 4; // browsers allow 6 connections per host over HTTP/1.1: leave room for the other calls
const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem(KEY_ITEM), cursor: null, listed: false, streams: new Map(),
  rows: new Map(), file: null, fileKey: null, timer: null };

function api(path, options = {}) {
  const headers = Object.assign({ 'x-vital-api-key': state.key }, options.headers || {});
  return fetch(path, Object.assign({}, options, { headers }));
}

async function detailOf(response) {
  try {
    const body = await response.json();
    return body.detail;
  } catch (e) {
    return response.statusText;
  }
}

function say(message, isError) {
  const status = $('status');
  status.textContent = message || '';
  status.className = isError ? 'error' : '';
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (name === 'text') node.textContent = value; else node.setAttribute(name, value);
  });
  children.forEach((child) => node.append(child));
  return node;
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- sign in ----

async function signIn(key) {
  state.key = key;
  const response = await api('/v2/link/bulk_op?page_size=1');
  if (!response.ok) {
    state.key = null;
    const detail = await detailOf(response);
    say(response.status === 401 ? 'That key was not accepted.' : `Sign-in failed (${response.status}): ${detail}`,
      true);
    return;
  }
  sessionStorage.setItem(KEY_ITEM, key);
  $('api-key').value = '';
  say('');
  showWorkspace();
}

function signOut() {
  sessionStorage.removeItem(KEY_ITEM);
  state.key = null;
  stopAllStreams();
  clearInterval(state.timer);
  $('ops').tBodies[0].replaceChildren();
  state.rows.clear();
  state.listed = false;
  state.cursor = null;
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  say('Signed out.');
}

function showWorkspace() {
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
  loadOps(true);
  clearInterval(state.timer);
  state.timer = setInterval(() => loadOps(true), REFRESH_MS);
}

// ---- operations ----

async function loadOps(fromStart) {
  const cursor = fromStart ? null : state.cursor;
  const query = `page_size=${PAGE_SIZE}` + (cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : '');
  const response = await api(`/v2/link/bulk_op?${query}`);
  if (!response.ok) {
    say(`Operations could not be listed (${response.status}): ${await detailOf(response)}`, true);
    return;
  }
  const page = await response.json();
  // A refresh of the first page keeps the position of "Older operations" already reached.
  if (!fromStart || !state.listed) state.cursor = page.next_cursor;
  state.listed = true;
  $('more').hidden = !state.cursor;
  page.data.forEach((op, index) => showOp(op, fromStart ? index : null));
  followRunning();
}

function showOp(op, position) {
  let row = state.rows.get(op.id);
  const body = $('ops').tBodies[0];
  if (!row) {
    row = createRow(op);
    state.rows.set(op.id, row);
    if (position === null) body.append(row.tr); else body.insertBefore(row.tr, body.children[position] || null);
    if (op.status !== 'in_progress') summarise(op.id);
  }
  row.size = op.pending + op.processed;
  if (!state.streams.has(op.id)) update(row, { status: op.status, processed: op.processed, pending: op.pending });
}

function createRow(op) {
  const row = { id: op.id, size: op.pending + op.processed };
  row.status = el('span');
  row.progress = el('progress', { max: String(Math.max(row.size, 1)), value: '0',
    'aria-label': `Progress of operation ${op.id}` });
  row.count = el('span');
  row.rate = el('td');
  row.failures = el('td');
  row.cancel = el('button', { type: 'button', text: 'Cancel' });
  row.cancel.addEventListener('click', () => cancel(op.id));
  row.csv = el('button', { type: 'button', text: 'Failures CSV' });
  row.csv.addEventListener('click', () => downloadFailures(op.id));
  row.tr = el('tr', { 'data-op-id': op.id },
    el('td', { text: new Date(op.started_at).toLocaleString() }),
    el('td', { text: op.type }),
    el('td', { text: op.provider }),
    el('td', {}, row.status),
    el('td', {}, row.progress, ' ', row.count),
    row.rate, row.failures,
    el('td', {}, row.cancel, row.csv));
  return row;
}

function update(row, change) {
  if (change.status) {
    row.status.textContent = change.status;
    row.status.className = `status-${change.status}`;
    row.cancel.hidden = change.status !== 'in_progress';
  }
  if (typeof change.processed === 'number') {
    const size = row.size || change.processed + (change.pending || 0);
    row.progress.max = Math.max(size, 1);
    row.progress.value = change.processed;
    row.count.textContent = `${change.processed.toLocaleString()} / ${size.toLocaleString()}`;
  }
  if ('items_per_second' in change) {
    const rate = change.items_per_second;
    const eta = change.eta_seconds;
    row.rate.textContent = rate == null ? '' : `${Math.round(rate).toLocaleString()}/s`
      + (eta == null ? '' : `, about ${Math.ceil(eta)} s left`);
  }
  const byReason = change.failed_by_reason || (typeof change.failed === 'object' ? change.failed : null);
  if (byReason) {
    const entries = Object.entries(byReason);
    row.failures.replaceChildren(...(entries.length === 0 ? [document.createTextNode('none')]
      : [el('ul', {}, ...entries.map(([reason, count]) => el('li', { text: `${reason}: ${count}` })))]));
    row.csv.hidden = entries.length === 0;
  }
}

// ---- live progress: the op's Server-Sent Events, read with fetch (EventSource cannot send the key header) ----

async function readEvents(opId, signal, onEvent) {
  const response = await api(`/v2/link/bulk_op/${opId}/events`, { signal, headers: { Accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      block.split('\n').forEach((line) => {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      });
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

function followRunning() {
  const running = [...state.rows.values()].filter((row) => row.status.textContent === 'in_progress');
  for (const row of running) {
    if (state.streams.size >= LIVE_STREAMS) break;
    if (state.streams.has(row.id)) continue;
    const controller = new AbortController();
    state.streams.set(row.id, controller);
    readEvents(row.id, controller.signal, (name, data) => update(row, data))
      .then(() => true, () => false)
      .then((ended) => {
        state.streams.delete(row.id);
        // A stream cut by an error is opened again a little later, not in a tight loop.
        if (state.key) setTimeout(followRunning, ended ? 0 : 2000);
      });
  }
}

// An ended op's stream answers its completion at once and closes: its failures by reason, in one request.
async function summarise(opId) {
  try {
    await readEvents(opId, undefined, (name, data) => {
      const row = state.rows.get(opId);
      if (row) update(row, data);
    });
  } catch (e) {
    // Counts stay blank; the list itself is still right.
  }
}

function stopAllStreams() {
  state.streams.forEach((controller) => controller.abort());
  state.streams.clear();
}

async function cancel(opId) {
  if (!window.confirm(`Cancel operation ${opId}? Items not applied yet will not be applied.`)) return;
  const response = await api(`/v2/link/bulk_op/${opId}/cancel`, { method: 'POST' });
  const row = state.rows.get(opId);
  if (response.ok) {
    const op = await response.json();
    update(row, { status: op.status, processed: op.processed, pending: op.pending });
    say(`Operation ${opId} cancelled.`);
    summarise(opId);
  } else {
    say(`Operation ${opId} was not cancelled (${response.status}): ${await detailOf(response)}`, true);
  }
}

async function downloadFailures(opId) {
  const response = await api(`/v2/link/bulk_op/${opId}/failures.csv`);
  if (!response.ok) {
    say(`The failures could not be downloaded (${response.status}): ${await detailOf(response)}`, true);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: `bulk-op-${opId}-failures.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// ---- start an import or a dry run from a file ----

async function chooseFile(file) {
  state.file = null;
  $('import-result').replaceChildren();
  $('dry-run').disabled = true;
  $('import').disabled = true;
  if (!file) return;
  try {
    const body = JSON.parse(await file.text());
    if (!body || !Array.isArray(body.connections)) throw new Error('it has no "connections" list');
    state.file = body;
    // One key per loaded file: pressing Import twice starts the op once.
    state.fileKey = newKey();
    $('dry-run').disabled = false;
    $('import').disabled = false;
    say(`${file.name}: ${body.connections.length.toLocaleString()} connections for ${body.provider}.`);
  } catch (e) {
    say(`${file.name} is not a bulk_import body: ${e.message}`, true);
  }
}

async function submit(dryRun) {
  const body = Object.assign({}, state.file, { dry_run: dryRun });
  const headers = { 'Content-Type': 'application/json' };
  if (!dryRun) headers['Idempotency-Key'] = state.fileKey;
  say(dryRun ? 'Rehearsing...' : 'Submitting...');
  const response = await api('/v2/link/bulk_import', { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  const result = $('import-result');
  if (response.status === 422) {
    say('The file was refused; nothing was started.', true);
    result.replaceChildren(problemsOf(answer.detail));
  } else if (!response.ok) {
    say(`Refused (${response.status}): ${typeof answer.detail === 'string' ? answer.detail : response.statusText}`, true);
    result.replaceChildren();
  } else if (dryRun) {
    say('Dry run done; nothing was stored.');
    result.replaceChildren(rehearsalOf(answer));
  } else {
    say(`Operation ${answer.bulk_op_id} ${response.headers.get('Idempotent-Replayed') ? 'was already started'
      : 'started'}: ${answer.status}.`);
    result.replaceChildren();
    loadOps(true);
  }
}

function rehearsalOf(answer) {
  const shown = answer.failures.slice(0, 200);
  const box = el('div', { id: 'rehearsal' },
    el('p', { text: `${answer.user_ids_imported.length.toLocaleString()} would be imported, `
      + `${answer.user_ids_failed.length.toLocaleString()} would fail.` }));
  if (answer.verification) box.append(el('p', { class: 'note', text: `Provider verification: ${answer.verification}` }));
  if (shown.length) {
    box.append(el('table', {}, el('caption', { text: answer.failures.length > shown.length
        ? `The first ${shown.length} of ${answer.failures.length} failures` : 'Failures' }),
      el('thead', {}, el('tr', {}, ...['User', 'Reason', 'Message'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...shown.map((f) => el('tr', {}, el('td', { text: f.user_id }), el('td', { text: f.error_type }),
        el('td', { text: f.error_message || '' }))))));
  }
  return box;
}

// 422 problems next to the entries they point at (by index), showing each entry's user and provider account,
// never its tokens.
function problemsOf(detail) {
  const problems = Array.isArray(detail) ? detail : [{ loc: [], msg: String(detail) }];
  const byEntry = new Map();
  const general = [];
  problems.forEach((problem) => {
    const loc = problem.loc || [];
    if (loc[1] === 'connections' && typeof loc[2] === 'number') {
      if (!byEntry.has(loc[2])) byEntry.set(loc[2], []);
      byEntry.get(loc[2]).push(`${loc.slice(3).join('.') || 'entry'}: ${problem.msg}`);
    } else {
      general.push(`${loc.slice(1).join('.') || 'request'}: ${problem.msg}`);
    }
  });
  const box = el('div', { id: 'problems' });
  if (general.length) box.append(el('ul', {}, ...general.map((text) => el('li', { text }))));
  if (byEntry.size) {
    const connections = state.file ? state.file.connections : [];
    box.append(el('table', { class: 'problems' }, el('caption', { text: 'Entries with problems' }),
      el('thead', {}, el('tr', {}, ...['Entry', 'user_id', 'provider_id', 'Problem']
        .map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...[...byEntry.entries()].sort((a, b) => a[0] - b[0]).map(([index, texts]) => {
        const entry = connections[index] || {};
        return el('tr', { 'data-entry': String(index) }, el('td', { text: String(index) }),
          el('td', { text: String(entry.user_id ?? '') }), el('td', { text: String(entry.provider_id ?? '') }),
          el('td', { text: texts.join('; ') }));
      }))));
  }
  return box;
}

// ---- wiring ----

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('api-key').value.trim());
});
$('sign-out').addEventListener('click', signOut);
$('refresh').addEventListener('click', () => loadOps(true));
$('more').addEventListener('click', () => loadOps(false));
$('import-file').addEventListener('change', (event) => chooseFile(event.target.files[0]));
$('dry-run').addEventListener('click', () => submit(true));
$('import').addEventListener('click', () => submit(false));
if (state.key) showWorkspace();
