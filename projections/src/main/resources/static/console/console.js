// Waveflow operator console: reads projections' API (same origin) and sends retry and cancel to the
// bridge (CORS), with the token the operator pasted, kept in sessionStorage only.
// Every value from an API is put on the page as text (textContent, DOM nodes); never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'waveflow.console.token';
  const REFRESH_MS = 5000;
  const DECISION_POLL_MS = 1000;
  const DECISION_WAIT_MS = 60000;
  const STATUSES = ['processing', 'duplicate', 'completed', 'error', 'deleted', 'cancelled'];
  const STAGES = ['hash', 'duplicate', 'analysis', 'done'];
  const FIELDS = ['stemId', 'userId', 'trackId', 'filepath', 'originalFilename', 'status', 'stage', 'stageStartedAt',
    'attempts', 'audioHash', 'duplicateOf', 'errorCode', 'errorMessage', 'waveformDataPath', 'fileSize', 'duration',
    'sampleRate', 'numPeaks', 'processedAt', 'createdAt', 'updatedAt'];
  const WORKFLOW = 'io.waveflow.workflow.';
  // Events after which a stem waits in no stage.
  const STAGE_ENDS = ['StemCompleted', 'DuplicateSettled', 'StemFailed', 'StemRemoved', 'StemCancelled'];
  const SVG = 'http://www.w3.org/2000/svg';

  const state = {token: null, who: null, bridgeUrl: null, timer: null, view: null};
  const $ = (id) => document.getElementById(id);

  // ---- DOM helpers: text only ----

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function stemLink(stemId) {
    const link = el('a', 'stem-link', stemId);
    link.href = '#/stem/' + encodeURIComponent(stemId);
    return link;
  }

  function badge(word) {
    return word ? el('span', 'badge badge-' + (STATUSES.includes(word) ? word : 'other'), word) : dash();
  }

  function dash() {
    return el('span', 'muted', '—');
  }

  function row(...cells) {
    const tr = el('tr');
    for (const cell of cells) {
      tr.append(el('td', null, cell === null || cell === undefined || cell === '' ? dash() : cell));
    }
    return tr;
  }

  // ---- formatting ----

  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : null;
  }

  // A time for a table cell, kept on one line.
  function when(iso) {
    return iso ? el('span', 'nowrap', time(iso)) : null;
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
      return null;
    }
    seconds = Math.max(0, seconds);
    if (seconds < 10) {
      return seconds.toFixed(1) + ' s';
    }
    seconds = Math.round(seconds);
    const d = Math.floor(seconds / 86400);
    const h = Math.floor(seconds % 86400 / 3600);
    const m = Math.floor(seconds % 3600 / 60);
    const s = seconds % 60;
    if (d > 0) {
      return d + 'd ' + h + 'h';
    }
    if (h > 0) {
      return h + 'h ' + m + 'm';
    }
    return m > 0 ? m + 'm ' + s + 's' : s + ' s';
  }

  function shortType(type) {
    const parts = type.split('.');
    return parts.length >= 2 ? parts[parts.length - 2] : type;
  }

  // "10m", "2h", "30s", "1d" or an ISO-8601 duration, to what the API's stuckFor wants.
  function isoDuration(text) {
    const value = text.trim();
    const simple = /^(\d+)\s*([smhd])$/i.exec(value);
    if (simple) {
      const unit = simple[2].toLowerCase();
      return unit === 'd' ? 'P' + simple[1] + 'D' : 'PT' + simple[1] + unit.toUpperCase();
    }
    if (/^P/i.test(value)) {
      return value.toUpperCase();
    }
    throw new ApiError(400, 'Bad filter', '"Stuck for more than" takes a number and a unit (30s, 10m, 2h, 1d) or an'
      + ' ISO-8601 duration (PT10M)');
  }

  // ---- API calls ----

  class ApiError extends Error {
    constructor(status, title, detail, url) {
      super(title);
      this.status = status;
      this.title = title;
      this.detail = detail;
      this.url = url;
    }
  }

  async function call(url, options) {
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw new ApiError(0, 'Cannot reach ' + url, null, url);
    }
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      throw new ApiError(response.status, body && body.title ? body.title : response.statusText,
        body && body.detail ? body.detail : null, url);
    }
    return body;
  }

  function read(path) {
    return call(path, {headers: {Authorization: 'Bearer ' + state.token}});
  }

  function admin(stemId, action, reason, idempotencyKey) {
    return call(state.bridgeUrl + '/admin/stems/' + encodeURIComponent(stemId) + '/' + action, {
      method: 'POST',
      headers: {
        'Authorization': 'Bearer ' + state.token,
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey
      },
      body: JSON.stringify(reason ? {reason: reason} : {})
    });
  }

  function randomKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return 'console-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function describe(error) {
    if (!(error instanceof ApiError)) {
      return 'Unexpected error: ' + error;
    }
    const detail = error.detail ? ': ' + error.detail : '';
    switch (error.status) {
      case 0:
        return error.title + '. Is the service running? For retry and cancel the bridge must also list this'
          + ' page\'s origin (' + location.origin + ') in WAVEFLOW_CONSOLE_ORIGINS.';
      case 401:
        return 'Not signed in (401)' + detail;
      case 403:
        return 'Not allowed (403)' + detail;
      case 404:
        return 'Not found (404)' + detail;
      case 503:
        return 'Temporarily unavailable (503)' + detail + '. Try again in a moment.';
      default:
        return (error.title || 'Error') + (error.status ? ' (' + error.status + ')' : '') + detail;
    }
  }

  function showMessage(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'message ' + (kind || 'error');
    box.hidden = !text;
  }

  async function fail(error) {
    // A 401 signs out only when the token itself is no longer accepted (rotated away), not when
    // one odd request was refused.
    if (error instanceof ApiError && error.status === 401 && state.token
        && !(await read('/whoami').then(() => true, () => false))) {
      signOut('Your token was refused (401); sign in again. ' + (error.detail || ''));
      return;
    }
    showMessage(describe(error), 'error');
  }

  // ---- sign-in ----

  async function signIn(token) {
    state.token = token;
    try {
      const who = await read('/whoami');
      const config = await read('/console/config');
      state.who = who;
      state.bridgeUrl = config.bridgeUrl;
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch (e) {
      state.token = null;
      sessionStorage.removeItem(TOKEN_KEY);
      showView('signin');
      showMessage(e instanceof ApiError && e.status === 401
        ? 'This token is not one of WAVEFLOW_API_TOKENS (401).' : describe(e), 'error');
      return;
    }
    $('whoami').textContent = state.who.name + ' (' + state.who.role + ')';
    $('who').hidden = false;
    $('nav').hidden = false;
    showMessage('');
    if (!location.hash || location.hash === '#') {
      location.hash = '#/overview';
    } else {
      route();
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.who = null;
    $('who').hidden = true;
    $('nav').hidden = true;
    showView('signin');
    showMessage(message || '', 'info');
  }

  function isAdmin() {
    return state.who && state.who.role === 'admin';
  }

  // ---- routing ----

  function showView(name) {
    clearInterval(state.timer);
    state.timer = null;
    state.view = name;
    for (const view of ['signin', 'overview', 'stems', 'stem']) {
      $('view-' + view).hidden = view !== name;
    }
    for (const link of document.querySelectorAll('#nav a')) {
      link.classList.toggle('active', link.id === 'nav-' + name || (name === 'stem' && link.id === 'nav-stems'));
    }
  }

  function route() {
    if (!state.token) {
      showView('signin');
      return;
    }
    showMessage('');
    const hash = location.hash.slice(1);
    if (hash.startsWith('/stem/')) {
      let stemId;
      try {
        stemId = decodeURIComponent(hash.slice('/stem/'.length));
      } catch (e) {
        stemId = hash.slice('/stem/'.length);
      }
      showStem(stemId);
    } else if (hash.startsWith('/stems')) {
      const query = hash.indexOf('?');
      showStems(new URLSearchParams(query < 0 ? '' : hash.slice(query + 1)));
    } else {
      showOverview();
    }
  }

  // ---- overview ----

  function showOverview() {
    showView('overview');
    refreshOverview();
    state.timer = setInterval(refreshOverview, REFRESH_MS);
  }

  async function refreshOverview() {
    let stats;
    let timeline;
    try {
      [stats, timeline] = await Promise.all([read('/stats'), read('/stats/timeline?minutes=60')]);
    } catch (e) {
      fail(e);
      return;
    }
    if (state.view !== 'overview') {
      return;
    }
    showMessage('');
    tiles($('by-status'), STATUSES, stats.byStatus);
    tiles($('by-stage'), STAGES, stats.byStage);
    const body = $('oldest').tBodies[0];
    body.replaceChildren();
    for (const stage of STAGES) {
      const oldest = stats.oldestInFlight[stage];
      if (oldest) {
        body.append(row(stage, stemLink(oldest.stemId), when(oldest.stageStartedAt), age(oldest.ageSeconds)));
      }
    }
    if (!body.rows.length) {
      const empty = row('Nothing in flight');
      empty.cells[0].colSpan = 4;
      empty.cells[0].className = 'muted';
      body.append(empty);
    }
    chart($('chart'), timeline.minutes);
    $('overview-updated').textContent = 'as of ' + time(stats.at) + ' · refreshes every ' + REFRESH_MS / 1000 + ' s';
  }

  function tiles(container, keys, counts) {
    container.replaceChildren();
    for (const key of keys) {
      const tile = el('div', 'tile tile-' + key, el('span', 'count', counts[key] === undefined ? 0 : counts[key]),
        el('span', 'label', key));
      tile.dataset.key = key;
      container.append(tile);
    }
  }

  // Stacked bars per minute: completed, duplicate, failed; drawn with SVG elements, labels as text nodes.
  function chart(container, minutes) {
    const series = [['completed', 'Completed'], ['duplicate', 'Duplicated'], ['failed', 'Failed']];
    const width = 720;
    const height = 180;
    const left = 36;
    const bottom = 22;
    const top = 8;
    const plot = height - bottom - top;
    const highest = Math.max(...minutes.map((m) => m.completed + m.duplicate + m.failed), 0);
    const max = Math.max(2, highest + highest % 2); // even, so the middle grid line is a whole number
    const step = (width - left) / Math.max(1, minutes.length);
    const root = svg('svg', {viewBox: '0 0 ' + width + ' ' + height, role: 'img', class: 'chart'});
    root.append(svg('title', {}, 'Stems completed, duplicated and failed per minute'));
    for (const fraction of [0, 0.5, 1]) {
      const y = top + plot - plot * fraction;
      root.append(svg('line', {x1: left, x2: width, y1: y, y2: y, class: 'grid'}));
      root.append(svg('text', {x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis'},
        String(max * fraction)));
    }
    minutes.forEach((minute, i) => {
      let y = top + plot;
      for (const [key, label] of series) {
        const value = minute[key];
        if (value > 0) {
          const h = plot * value / max;
          y -= h;
          const bar = svg('rect', {x: left + i * step + 1, y: y, width: Math.max(1, step - 2), height: h, class: 'bar-' + key});
          bar.append(svg('title', {}, time(minute.minute) + ': ' + value + ' ' + label.toLowerCase()));
          root.append(bar);
        }
      }
      if (i === 0 || i === minutes.length - 1 || i === Math.floor(minutes.length / 2)) {
        root.append(svg('text', {x: left + i * step + step / 2, y: height - 6,
          'text-anchor': i === 0 ? 'start' : i === minutes.length - 1 ? 'end' : 'middle', class: 'axis'},
        (minute.minute || '').slice(11, 16) + ' UTC'));
      }
    });
    const legend = el('div', 'legend');
    for (const [key, label] of series) {
      const total = minutes.reduce((sum, m) => sum + m[key], 0);
      const item = el('span', 'legend-item', el('span', 'swatch bar-' + key), label + ' ', el('strong', null, total));
      item.dataset.key = key;
      legend.append(item);
    }
    container.replaceChildren(root, legend);
  }

  // ---- stems list ----

  let nextCursor = null;

  function showStems(params) {
    showView('stems');
    for (const name of ['userId', 'trackId', 'status', 'stage', 'stuckFor']) {
      $('filter-' + name).value = params.get(name) || '';
    }
    loadStems(params);
  }

  async function loadStems(params) {
    const query = new URLSearchParams();
    for (const [name, value] of params) {
      if (value) {
        query.set(name, value);
      }
    }
    const body = $('stems-table').tBodies[0];
    let page;
    try {
      if (query.has('stuckFor')) {
        query.set('stuckFor', isoDuration(query.get('stuckFor')));
      }
      page = await read('/stems?' + query);
    } catch (e) {
      body.replaceChildren();
      fail(e);
      return;
    }
    body.replaceChildren();
    for (const stem of page.items) {
      body.append(row(stemLink(stem.stemId), stem.userId, stem.trackId, stem.originalFilename, badge(stem.status),
        stem.stage, stem.attempts, inStageFor(stem), when(stem.updatedAt)));
    }
    $('stems-empty').hidden = page.items.length > 0;
    nextCursor = page.nextCursor;
    $('stems-next').disabled = !nextCursor;
    $('stems-first').disabled = !params.get('cursor');
  }

  // How long a stem in flight has waited in its stage (the "stuck for" of the filter); done stems wait for nothing.
  function inStageFor(stem) {
    if (!stem.stageStartedAt || stem.stage === 'done') {
      return null;
    }
    const cell = el('span', 'nowrap', age((Date.now() - Date.parse(stem.stageStartedAt)) / 1000));
    cell.title = 'since ' + time(stem.stageStartedAt);
    return cell;
  }

  function stemsHash(params) {
    const query = params.toString();
    return '#/stems' + (query ? '?' + query : '');
  }

  function currentStemParams() {
    const hash = location.hash;
    const query = hash.indexOf('?');
    return new URLSearchParams(query < 0 ? '' : hash.slice(query + 1));
  }

  function submitFilter(event) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ['userId', 'trackId', 'status', 'stage', 'stuckFor']) {
      const value = $('filter-' + name).value.trim();
      if (value) {
        params.set(name, value);
      }
    }
    const target = stemsHash(params);
    if (location.hash === target) {
      route();
    } else {
      location.hash = target;
    }
  }

  // ---- one stem ----

  let shownStemId = null;

  async function showStem(stemId) {
    showView('stem');
    shownStemId = stemId;
    $('stem-title').textContent = 'Stem ' + stemId;
    $('stem-status').replaceChildren();
    $('stem-fields').replaceChildren();
    $('timeline').tBodies[0].replaceChildren();
    $('stage-summary').textContent = '';
    $('actions').hidden = true;
    $('action-confirm').hidden = true;
    $('action-result').hidden = true;
    $('action-reason').value = '';
    try {
      await renderStem(stemId, null);
    } catch (e) {
      fail(e);
    }
  }

  async function renderStem(stemId, highlightAfter) {
    const [stem, history] = await Promise.all([
      read('/stems/' + encodeURIComponent(stemId)).catch((e) => {
        if (e.status === 404) {
          return null; // a stem with only rejected events has history but no row
        }
        throw e;
      }),
      read('/stems/' + encodeURIComponent(stemId) + '/history')]);
    if (shownStemId !== stemId) {
      return history;
    }
    const fields = $('stem-fields');
    fields.replaceChildren();
    if (stem) {
      $('stem-status').replaceChildren(badge(stem.status));
      for (const name of FIELDS) {
        const value = stem[name];
        fields.append(el('dt', null, name), el('dd', null, value === null || value === undefined ? dash()
          : name.endsWith('At') ? time(value) : name === 'status' ? badge(value) : value));
      }
    } else {
      fields.append(el('dt', null, 'row'), el('dd', 'muted', 'no read-model row (only history)'));
    }
    $('actions').hidden = !isAdmin();
    timeline(history, highlightAfter);
    return history;
  }

  function details(type, p) {
    switch (type) {
      case 'RetryRequested':
      case 'CancelRequested':
      case 'StemCancelled':
        return 'by ' + (p.requestedBy || '?') + (p.reason ? ': ' + p.reason : '');
      case 'EventRejected':
        return shortType(p.rejectedEventType || '') + ' rejected: ' + p.reason;
      case 'StemFailed':
        return [p.reason, p.errorCode, p.errorMessage].filter(Boolean).join(' · ');
      case 'DuplicateDetected':
        return 'duplicate of ' + p.ownerStemId;
      case 'ProcessingCompleted':
        return [p.task, p.status, p.errorCode, p.errorMessage].filter(Boolean).join(' · ');
      case 'HashReported':
      case 'HashClaimed':
        return p.audioHash ? 'hash ' + p.audioHash.slice(0, 12) + '…' : null;
      case 'UploadCompleted':
        return p.originalFilename || p.filepath || null;
      default:
        return null;
    }
  }

  // Time in each stage: from a StageRequested to the next one or to the event that ended the stem's stages.
  function stageSpans(history) {
    const spans = new Map();
    let open = null;
    const close = (end) => {
      if (open) {
        spans.set(open.index, {stage: open.stage, seconds: (end - open.start) / 1000, done: true});
        open = null;
      }
    };
    history.forEach((entry, index) => {
      const type = shortType(entry.type);
      const at = Date.parse(entry.time);
      if (entry.type.startsWith(WORKFLOW) && type === 'StageRequested') {
        close(at);
        open = {index: index, stage: String(entry.payload.stage || '').toLowerCase(), start: at};
      } else if (STAGE_ENDS.includes(type) || type === 'DuplicateDetected') {
        close(at);
      }
    });
    if (open) {
      spans.set(open.index, {stage: open.stage, seconds: (Date.now() - open.start) / 1000, done: false});
    }
    return spans;
  }

  function timeline(history, highlightAfter) {
    const spans = stageSpans(history);
    const body = $('timeline').tBodies[0];
    body.replaceChildren();
    const totals = new Map();
    let highlight = highlightAfter === null;
    history.forEach((entry, index) => {
      const type = shortType(entry.type);
      const p = entry.payload || {};
      const span = spans.get(index);
      const tr = row(when(entry.time), el('span', 'event', type), p.stage ? String(p.stage).toLowerCase() : null,
        p.attempt, p.taskId, details(type, p), span ? age(span.seconds) + (span.done ? '' : ' so far') : null);
      tr.dataset.type = type;
      tr.title = entry.type + ' ' + entry.eventId;
      if (type === 'EventRejected' || type === 'StemFailed') {
        tr.classList.add('bad');
      }
      if (highlightAfter !== null && highlight) {
        tr.classList.add('new');
      }
      if (entry.eventId === highlightAfter) {
        highlight = true;
        tr.classList.add('new');
      }
      body.append(tr);
      if (span) {
        const total = totals.get(span.stage) || {seconds: 0, attempts: 0};
        totals.set(span.stage, {seconds: total.seconds + span.seconds, attempts: total.attempts + 1});
      }
    });
    $('stage-summary').textContent = totals.size === 0 ? '' : 'Time per stage: ' + Array.from(totals,
      ([stage, t]) => stage + ' ' + age(t.seconds) + (t.attempts > 1 ? ' (' + t.attempts + ' attempts)' : ''))
      .join(' · ');
  }

  // ---- retry and cancel ----

  let pendingAction = null;

  function ask(action) {
    pendingAction = action;
    $('action-question').textContent = (action === 'retry' ? 'Retry' : 'Cancel') + ' stem ' + shownStemId + '?';
    $('action-confirm').hidden = false;
    $('action-yes').focus();
  }

  async function confirmAction() {
    const action = pendingAction;
    const stemId = shownStemId;
    const reason = $('action-reason').value.trim();
    $('action-confirm').hidden = true;
    const result = $('action-result');
    result.hidden = false;
    result.className = 'result';
    setBusy(true);
    let accepted;
    try {
      accepted = await admin(stemId, action, reason, randomKey());
    } catch (e) {
      setBusy(false);
      result.className = 'result error';
      result.textContent = describe(e);
      return;
    }
    result.textContent = (action === 'retry' ? 'Retry' : 'Cancel') + ' accepted by the bridge (event '
      + accepted.eventId + '); waiting for the workflow\'s decision…';
    const deadline = Date.now() + DECISION_WAIT_MS;
    while (Date.now() < deadline && shownStemId === stemId) {
      await new Promise((resolve) => setTimeout(resolve, DECISION_POLL_MS));
      let history;
      try {
        history = await renderStem(stemId, accepted.eventId);
      } catch (e) {
        continue;
      }
      const at = history.findIndex((entry) => entry.eventId === accepted.eventId);
      const decision = at < 0 ? null
        : history.slice(at + 1).find((entry) => entry.type.startsWith(WORKFLOW));
      if (decision) {
        setBusy(false);
        const type = shortType(decision.type);
        const p = decision.payload || {};
        result.className = 'result ' + (type === 'EventRejected' ? 'error' : 'ok');
        result.textContent = type === 'EventRejected'
          ? 'The workflow refused it: ' + p.reason
          : 'Done: ' + type + (p.stage ? ' ' + String(p.stage).toLowerCase() : '')
            + (p.attempt ? ' attempt ' + p.attempt : '') + (p.taskId ? ' (task ' + p.taskId + ')' : '') + '.';
        return;
      }
    }
    setBusy(false);
    result.textContent += ' No decision in the timeline yet; reload the stem later.';
  }

  function setBusy(busy) {
    for (const id of ['action-retry', 'action-cancel']) {
      $(id).disabled = busy;
    }
  }

  // ---- start ----

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('signin-token').value.trim();
      $('signin-token').value = '';
      if (token) {
        signIn(token);
      }
    });
    $('signout').addEventListener('click', () => signOut('Signed out.'));
    $('filter-form').addEventListener('submit', submitFilter);
    $('stems-next').addEventListener('click', () => {
      const params = currentStemParams();
      params.set('cursor', nextCursor);
      location.hash = stemsHash(params);
    });
    $('stems-first').addEventListener('click', () => {
      const params = currentStemParams();
      params.delete('cursor');
      location.hash = stemsHash(params);
    });
    $('action-retry').addEventListener('click', () => ask('retry'));
    $('action-cancel').addEventListener('click', () => ask('cancel'));
    $('action-yes').addEventListener('click', confirmAction);
    $('action-no').addEventListener('click', () => {
      $('action-confirm').hidden = true;
    });
    window.addEventListener('hashchange', route);
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      signIn(saved);
    } else {
      showView('signin');
    }
  });
})();
