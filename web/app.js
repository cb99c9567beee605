// Haven search page: search as you type, keyboard navigation through hits,
// passages with their neighbours, copy with a source line.
// Server text only ever reaches the page through text nodes (no innerHTML).
(function () {
  'use strict';

  const I18N = window.HavenI18n;
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 150;
  // A query that stays unchanged this long gets its own history entry.
  const SETTLE_MS = 1000;
  const COPIED_MS = 2000;
  const FILTER_LANGS = ['', 'nl', 'en', 'ru'];
  const UI_LANG_KEY = 'haven.uiLang';

  const el = {
    form: document.getElementById('search-form'),
    box: document.getElementById('q'),
    suggestions: document.getElementById('suggestions'),
    chips: document.querySelector('#suggestions .chips'),
    status: document.getElementById('status'),
    notice: document.getElementById('notice'),
    results: document.getElementById('results'),
    more: document.getElementById('more'),
    filterRadios: Array.from(document.querySelectorAll('input[name="lang"]')),
    uiLangButtons: Array.from(document.querySelectorAll('[data-ui-lang]')),
  };

  const state = {
    uiLang: 'en',
    lang: '', // document language filter, '' = all
    ranKey: null, // query + filter of the results on screen (or being fetched)
    view: { kind: 'empty' }, // what the status line describes
    response: null, // last search response (for notices)
    hits: [],
    total: 0,
  };

  let searchSeq = 0;
  let searchAbort = null;
  let suggestAbort = null;
  let suggestedWord = '';
  let debounceTimer = 0;
  let settleTimer = 0;
  // True when the current history entry holds a finished query, so the next
  // change must push a new entry instead of overwriting this one.
  let entrySettled = true;
  let hitSerial = 0;

  // ---- small helpers ----

  function tr(key, vars) {
    return I18N.t(state.uiLang, key, vars);
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

  // One pass, so "&amp;lt;" correctly becomes "&lt;" and not "<".
  function decodeEntities(text) {
    return text.replace(/&(amp|lt|gt|quot|#39);/g, (whole, name) => ENTITIES[name]);
  }

  // The snippet is escaped text with <mark>…</mark>; anything else stays text.
  function appendSnippet(parent, snippet) {
    let marked = false;
    for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') {
        marked = true;
      } else if (part === '</mark>') {
        marked = false;
      } else if (part) {
        const text = document.createTextNode(decodeEntities(part));
        if (marked) {
          const mark = document.createElement('mark');
          mark.appendChild(text);
          parent.appendChild(mark);
        } else {
          parent.appendChild(text);
        }
      }
    }
  }

  function formatMs(ms) {
    const value = Number(ms);
    if (!Number.isFinite(value)) return '';
    const digits = value < 10 ? 1 : 0;
    return new Intl.NumberFormat(state.uiLang, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  }

  function isTypingTarget(node) {
    if (!node || node.nodeType !== 1) return false;
    if (node.isContentEditable) return true;
    const tag = node.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag !== 'INPUT') return false;
    return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(node.type);
  }

  async function readJson(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      body = null;
    }
    if (!response.ok) {
      const msg = body && typeof body.error === 'string' && body.error ? body.error : 'HTTP ' + response.status;
      return { error: msg };
    }
    if (!body || typeof body !== 'object') return { error: 'unreadable answer' };
    return body;
  }

  // ---- interface language ----

  function applyTranslations(root) {
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
    for (const node of root.querySelectorAll('[data-i18n-placeholder]')) {
      node.setAttribute('placeholder', tr(node.dataset.i18nPlaceholder));
    }
    for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
      node.setAttribute('aria-label', tr(node.dataset.i18nAriaLabel));
    }
    for (const node of root.querySelectorAll('[data-i18n-title]')) {
      node.setAttribute('title', tr(node.dataset.i18nTitle));
    }
  }

  function setUiLang(lang, remember) {
    state.uiLang = I18N.SUPPORTED.includes(lang) ? lang : 'en';
    if (remember) {
      try {
        localStorage.setItem(UI_LANG_KEY, state.uiLang);
      } catch (err) {
        // Storage may be disabled; the choice then lasts for this page only.
      }
    }
    document.documentElement.lang = state.uiLang;
    document.title = tr('docTitle');
    for (const button of el.uiLangButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.uiLang === state.uiLang));
    }
    applyTranslations(document);
    renderStatus();
    renderNotice();
  }

  function initialUiLang() {
    try {
      const saved = localStorage.getItem(UI_LANG_KEY);
      if (saved && I18N.SUPPORTED.includes(saved)) return saved;
    } catch (err) {
      // Fall through to the browser's preference.
    }
    return I18N.pick(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
  }

  // ---- address bar: #q=...&lang=nl ----

  function fragmentFor(q, lang) {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (lang) params.set('lang', lang);
    const text = params.toString();
    return text ? '#' + text : '';
  }

  function readFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const lang = params.get('lang') || '';
    return { q: (params.get('q') || '').trim(), lang: FILTER_LANGS.includes(lang) ? lang : '' };
  }

  // mode 'typing': the query may still change, so later edits replace this entry.
  // mode 'settled': a deliberate action (submit, filter, suggestion...).
  function writeHistory(mode) {
    const target = location.pathname + fragmentFor(el.box.value.trim(), state.lang);
    const current = location.pathname + location.search + location.hash;
    if (target !== current) {
      if (entrySettled) history.pushState(null, '', target);
      else history.replaceState(null, '', target);
    }
    clearTimeout(settleTimer);
    if (mode === 'typing') {
      entrySettled = false;
      settleTimer = setTimeout(() => {
        entrySettled = true;
      }, SETTLE_MS);
    } else {
      entrySettled = true;
    }
  }

  function restoreFromFragment() {
    const wanted = readFragment();
    if (wanted.q === el.box.value.trim() && wanted.lang === state.lang) return;
    clearTimeout(debounceTimer);
    clearTimeout(settleTimer);
    entrySettled = true;
    el.box.value = wanted.q;
    setFilter(wanted.lang);
    renderSuggestions([]);
    search({ force: false });
  }

  // ---- filter ----

  function setFilter(lang) {
    state.lang = FILTER_LANGS.includes(lang) ? lang : '';
    for (const radio of el.filterRadios) radio.checked = radio.value === state.lang;
  }

  // ---- status line and notices ----

  function renderStatus() {
    const view = state.view;
    let text = '';
    if (view.kind === 'loading') {
      text = tr('searching');
    } else if (view.kind === 'error') {
      text = view.network ? tr('networkError') : tr('searchError', { msg: view.message });
    } else if (view.kind === 'results') {
      if (state.total === 0) {
        text = tr('noResults', { q: view.query });
      } else {
        text = I18N.plural(state.uiLang, 'results', state.total, { n: state.total });
        if (state.hits.length < state.total) {
          text = tr('shownOf', { shown: state.hits.length, total: state.total });
        }
        const took = formatMs(view.tookMs);
        if (took) text += ' · ' + tr('took', { ms: took });
      }
    }
    el.status.textContent = text;
    el.status.classList.toggle('status-error', view.kind === 'error');
  }

  function renderNotice() {
    const data = state.response;
    el.notice.replaceChildren();
    if (!data || state.view.kind !== 'results') {
      el.notice.hidden = true;
      return;
    }
    if (typeof data.corrected === 'string' && data.corrected && data.corrected !== el.box.value.trim()) {
      const line = make('p', 'notice-line');
      line.append(tr('didYouMean') + ' ');
      const fix = make('button', 'link-button', data.corrected);
      fix.type = 'button';
      fix.addEventListener('click', () => {
        el.box.value = data.corrected;
        el.box.focus();
        search({ force: true });
        writeHistory('settled');
      });
      line.append(fix, '?');
      el.notice.appendChild(line);
    }
    if (data.incomplete === true) {
      el.notice.appendChild(make('p', 'notice-line', tr('incomplete')));
    }
    const also = Array.isArray(data.also_in) ? data.also_in.filter((l) => FILTER_LANGS.includes(l) && l) : [];
    if (also.length) {
      const line = make('p', 'notice-line');
      line.append(tr('alsoIn') + ' ');
      also.forEach((lang, i) => {
        if (i) line.append(', ');
        const go = make('button', 'link-button', lang);
        go.type = 'button';
        go.lang = lang;
        go.setAttribute('aria-label', tr('langName_' + lang));
        go.addEventListener('click', () => {
          setFilter(lang);
          search({ force: true });
          writeHistory('settled');
        });
        line.appendChild(go);
      });
      el.notice.appendChild(line);
    }
    el.notice.hidden = !el.notice.firstChild;
  }

  // ---- search ----

  function clearResults() {
    state.hits = [];
    state.total = 0;
    state.response = null;
    delete el.results.dataset.query;
    el.results.replaceChildren();
    el.more.hidden = true;
  }

  async function search({ force, append } = {}) {
    const q = el.box.value.trim();
    const key = JSON.stringify([q, state.lang]);
    if (!append && !force && key === state.ranKey) return;
    if (searchAbort) searchAbort.abort();
    searchAbort = null;
    const seq = ++searchSeq;
    state.ranKey = key;

    if (!q) {
      clearResults();
      state.view = { kind: 'empty' };
      renderStatus();
      renderNotice();
      el.results.removeAttribute('aria-busy');
      return;
    }

    const controller = new AbortController();
    searchAbort = controller;
    const offset = append ? state.hits.length : 0;
    el.results.setAttribute('aria-busy', 'true');
    // Keep the old results on screen while typing; only an empty page says "Searching".
    if (!append && !state.hits.length) {
      state.view = { kind: 'loading' };
      renderStatus();
    }

    let data;
    try {
      const response = await fetch('/api/search', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ q, limit: PAGE_SIZE, offset, lang: state.lang }),
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'same-origin',
      });
      data = await readJson(response);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (seq !== searchSeq) return;
      data = null;
    }
    // A newer search has started since: its answer is the one that counts.
    if (seq !== searchSeq) return;
    searchAbort = null;
    el.results.removeAttribute('aria-busy');

    if (!data || typeof data.error === 'string') {
      if (!append) clearResults();
      state.view = data ? { kind: 'error', message: data.error } : { kind: 'error', network: true };
      renderStatus();
      renderNotice();
      return;
    }

    const hits = Array.isArray(data.hits) ? data.hits.filter((h) => h && typeof h === 'object') : [];
    const firstNew = state.hits.length;
    const focusWasInResults = el.results.contains(document.activeElement);
    if (!append) {
      clearResults();
    }
    state.response = data;
    state.total = Number.isFinite(Number(data.total)) ? Number(data.total) : hits.length;
    for (const hit of hits) {
      state.hits.push(hit);
      el.results.appendChild(renderHit(hit));
    }
    if (state.total < state.hits.length) state.total = state.hits.length;
    el.more.hidden = !(state.hits.length < state.total && hits.length > 0);
    state.view = { kind: 'results', query: q, tookMs: data.took_ms };
    // Lets tests (and scripts) tell which query the list on screen answers.
    el.results.dataset.query = q;
    resetRovingFocus();
    renderStatus();
    renderNotice();
    if (append && hits.length) focusHit(firstNew);
    else if (focusWasInResults && !append) {
      // The focused hit was replaced; keep the keyboard user inside the list.
      if (hits.length) focusHit(0);
      else el.box.focus();
    }
  }

  function scheduleSearch() {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      search({ force: false });
      suggest();
      writeHistory('typing');
    }, DEBOUNCE_MS);
  }

  // Enter or a click: an unchanged query runs again only to retry after an error,
  // so that Enter never rebuilds (and unfocuses) results already on screen.
  function runNow() {
    clearTimeout(debounceTimer);
    search({ force: state.view.kind === 'error' });
    writeHistory('settled');
  }

  // ---- hits ----

  // Documents whose title is their first heading would name it twice.
  function sourceLine(title, section, doc) {
    const where = [title, section === title ? '' : section].filter((s) => s).join(', ');
    return '— ' + (where ? where + ' ' : '') + '(' + doc + ')';
  }

  function renderHit(hit) {
    const id = 'hit-' + ++hitSerial;
    const title = String(hit.title || hit.doc || '');
    const section = String(hit.section || '');
    const doc = String(hit.doc || '');
    const lang = FILTER_LANGS.includes(hit.lang) ? hit.lang : '';

    const item = make('li', 'hit');
    item.id = id;

    const head = make('button', 'hit-head');
    head.type = 'button';
    head.tabIndex = -1;
    head.setAttribute('aria-expanded', 'false');
    head.setAttribute('aria-controls', id + '-body');

    const titleLine = make('span', 'hit-title', title);
    const meta = make('span', 'hit-meta');
    if (lang) {
      const badge = make('span', 'badge badge-' + lang, lang.toUpperCase());
      badge.setAttribute('data-i18n-title', 'langName_' + lang);
      badge.title = tr('langName_' + lang);
      meta.appendChild(badge);
    }
    if (section && section !== title) meta.appendChild(make('span', 'hit-section', section));
    meta.appendChild(make('span', 'hit-doc', doc));
    const snippet = make('span', 'hit-snippet');
    appendSnippet(snippet, hit.snippet);
    if (lang) {
      titleLine.lang = lang;
      snippet.lang = lang;
    }
    head.append(titleLine, meta, snippet);

    const body = make('div', 'hit-body');
    body.id = id + '-body';
    body.hidden = true;

    item.append(head, body);
    item.havenHit = { hit, title, section, doc, lang, copyText: String(hit.text || ''), loaded: false };
    head.addEventListener('click', () => toggleHit(item));
    return item;
  }

  function hitHeads() {
    return Array.from(el.results.querySelectorAll('.hit-head'));
  }

  function resetRovingFocus() {
    const heads = hitHeads();
    heads.forEach((head, i) => {
      head.tabIndex = i === 0 ? 0 : -1;
    });
  }

  function focusHit(index) {
    const heads = hitHeads();
    if (!heads.length) return;
    const target = heads[Math.max(0, Math.min(index, heads.length - 1))];
    for (const head of heads) head.tabIndex = head === target ? 0 : -1;
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
  }

  function toggleHit(item, open) {
    const head = item.querySelector('.hit-head');
    const body = item.querySelector('.hit-body');
    const opening = open === undefined ? head.getAttribute('aria-expanded') !== 'true' : open;
    head.setAttribute('aria-expanded', String(opening));
    item.classList.toggle('open', opening);
    body.hidden = !opening;
    for (const h of hitHeads()) h.tabIndex = h === head ? 0 : -1;
    if (opening) {
      // Opening a hit means the query served its purpose: keep it in history.
      clearTimeout(settleTimer);
      entrySettled = true;
      if (!body.firstChild) buildBody(item);
    }
  }

  function renderPassages(container, info, passages) {
    container.replaceChildren();
    let lastSection = null;
    for (const passage of passages) {
      const current = passage.n === info.hit.n;
      const block = make('div', current ? 'passage passage-current' : 'passage passage-neighbour');
      const section = String(passage.section || '');
      if (section && (section !== lastSection || current)) {
        block.appendChild(make('p', 'passage-section', section));
      }
      lastSection = section;
      const text = make('p', 'passage-text', passage.text || '');
      const lang = FILTER_LANGS.includes(passage.lang) ? passage.lang : info.lang;
      if (lang) text.lang = lang;
      block.appendChild(text);
      container.appendChild(block);
    }
  }

  function buildBody(item) {
    const info = item.havenHit;
    const body = item.querySelector('.hit-body');
    const passages = make('div', 'passages');
    const note = make('p', 'passage-note');
    note.hidden = true;
    const actions = make('div', 'hit-actions');
    const copy = make('button', 'copy-button');
    copy.type = 'button';
    copy.setAttribute('data-i18n', 'copy');
    copy.textContent = tr('copy');
    const copyStatus = make('span', 'copy-status');
    copyStatus.setAttribute('role', 'status');
    copy.addEventListener('click', () => copyPassage(item, copy, copyStatus));
    const source = make('p', 'hit-source', sourceLine(info.title, info.section, info.doc));
    actions.append(copy, copyStatus);
    body.append(passages, note, source, actions);

    renderPassages(passages, info, [{ n: info.hit.n, section: info.section, lang: info.lang, text: info.copyText }]);
    loadNeighbours(item, passages, note);
  }

  async function loadNeighbours(item, container, note) {
    const info = item.havenHit;
    if (!info.doc || !Number.isFinite(Number(info.hit.n))) return;
    note.hidden = false;
    note.setAttribute('data-i18n', 'loadingPassage');
    note.textContent = tr('loadingPassage');
    let data = null;
    try {
      const url = '/api/passage?doc=' + encodeURIComponent(info.doc) + '&n=' + encodeURIComponent(String(info.hit.n));
      const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      data = await readJson(response);
    } catch (err) {
      data = null;
    }
    if (!item.isConnected) return;
    const passages = data && Array.isArray(data.passages) ? data.passages.filter((p) => p && typeof p === 'object') : [];
    const own = passages.find((p) => p.n === info.hit.n);
    if (!own) {
      note.setAttribute('data-i18n', 'passageError');
      note.textContent = tr('passageError');
      return;
    }
    note.hidden = true;
    note.removeAttribute('data-i18n');
    if (typeof own.text === 'string' && own.text) info.copyText = own.text;
    renderPassages(container, info, passages);
  }

  // ---- copy ----

  function copyWithTextarea(text) {
    const area = document.createElement('textarea');
    area.className = 'copy-buffer';
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.tabIndex = -1;
    document.body.appendChild(area);
    const previous = document.activeElement;
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (err) {
      ok = false;
    }
    area.remove();
    if (previous && previous.focus) previous.focus();
    return ok;
  }

  async function copyPassage(item, button, statusNode) {
    const info = item.havenHit;
    const text = info.copyText.trim() + '\n\n' + sourceLine(info.title, info.section, info.doc);
    let ok = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch (err) {
        ok = false;
      }
    }
    if (!ok) ok = copyWithTextarea(text);
    clearTimeout(button.havenTimer);
    button.classList.toggle('copied', ok);
    statusNode.classList.toggle('copy-failed', !ok);
    statusNode.setAttribute('data-i18n', ok ? 'copied' : 'copyFailed');
    statusNode.textContent = tr(ok ? 'copied' : 'copyFailed');
    if (ok) {
      button.havenTimer = setTimeout(() => {
        button.classList.remove('copied');
        statusNode.removeAttribute('data-i18n');
        statusNode.textContent = '';
      }, COPIED_MS);
    }
  }

  // ---- suggestions ----

  function lastWord() {
    const match = /(\S+)$/.exec(el.box.value);
    return match ? match[1] : '';
  }

  async function suggest() {
    const word = lastWord();
    if (word === suggestedWord) return;
    suggestedWord = word;
    if (suggestAbort) suggestAbort.abort();
    suggestAbort = null;
    if (Array.from(word).length < 2) {
      renderSuggestions([]);
      return;
    }
    const controller = new AbortController();
    suggestAbort = controller;
    let data = null;
    try {
      const response = await fetch('/api/suggest?q=' + encodeURIComponent(word), {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
        cache: 'no-store',
      });
      data = await readJson(response);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      data = null;
    }
    if (suggestAbort !== controller) return;
    suggestAbort = null;
    const lower = word.toLocaleLowerCase();
    const words = data && Array.isArray(data.suggestions) ? data.suggestions : [];
    renderSuggestions(
      words.filter((s) => typeof s === 'string' && s && s.toLocaleLowerCase() !== lower).slice(0, 8)
    );
  }

  function renderSuggestions(words) {
    el.chips.replaceChildren();
    for (const word of words) {
      const li = make('li');
      const chip = make('button', 'chip', word);
      chip.type = 'button';
      chip.addEventListener('click', () => {
        el.box.value = el.box.value.replace(/\S+$/, '') + word + ' ';
        el.box.focus();
        renderSuggestions([]);
        suggestedWord = '';
        runNow();
      });
      li.appendChild(chip);
      el.chips.appendChild(li);
    }
    el.suggestions.hidden = words.length === 0;
  }

  // ---- keyboard ----

  function clearQuery() {
    clearTimeout(debounceTimer);
    el.box.value = '';
    renderSuggestions([]);
    suggestedWord = '';
    search({ force: false });
    writeHistory('settled');
    el.box.focus();
  }

  function onKeyDown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const target = event.target;
    const item = target && target.closest ? target.closest('#results .hit') : null;

    if (event.key === '/' && !isTypingTarget(target)) {
      event.preventDefault();
      el.box.focus();
      el.box.select();
      return;
    }

    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const down = event.key === 'ArrowDown';
      if (target === el.box) {
        if (down && hitHeads().length) {
          event.preventDefault();
          focusHit(0);
        }
      } else if (item) {
        event.preventDefault();
        const index = hitHeads().indexOf(item.querySelector('.hit-head'));
        if (!down && index === 0) el.box.focus();
        else focusHit(index + (down ? 1 : -1));
      }
      return;
    }

    if ((event.key === 'Home' || event.key === 'End') && item) {
      event.preventDefault();
      focusHit(event.key === 'Home' ? 0 : hitHeads().length - 1);
      return;
    }

    if (event.key === 'Escape') {
      if (item && item.classList.contains('open')) {
        event.preventDefault();
        toggleHit(item, false);
        item.querySelector('.hit-head').focus();
      } else if (target === el.box || item) {
        event.preventDefault();
        if (el.box.value) clearQuery();
        else el.box.focus();
      }
    }
  }

  // ---- wiring ----

  function init() {
    setUiLang(initialUiLang(), false);

    // Queries belong in the fragment only; move one that arrived in ?q= there.
    if (location.search) {
      const params = new URLSearchParams(location.search);
      const fragment = location.hash || fragmentFor((params.get('q') || '').trim(), params.get('lang') || '');
      history.replaceState(null, '', location.pathname + fragment);
    }
    const start = readFragment();
    el.box.value = start.q;
    setFilter(start.lang);

    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      runNow();
    });
    el.box.addEventListener('input', scheduleSearch);
    for (const radio of el.filterRadios) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        setFilter(radio.value);
        clearTimeout(debounceTimer);
        search({ force: false });
        writeHistory('settled');
      });
    }
    for (const button of el.uiLangButtons) {
      button.addEventListener('click', () => setUiLang(button.dataset.uiLang, true));
    }
    el.more.addEventListener('click', () => search({ append: true }));
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('popstate', restoreFromFragment);
    window.addEventListener('hashchange', restoreFromFragment);

    if (start.q) search({ force: true });
    else if (!matchMedia('(pointer: coarse)').matches) el.box.focus();
  }

  init();
})();
