// collab4j web page: plain JavaScript over the /v1 API.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const api = async (method, path, body) => {
    const opts = { method, headers: {} };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    const r = await fetch(path, opts);
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { status: r.status, ok: r.ok, data };
  };
  const say = (msg) => { $('status').textContent = msg || ''; };

  let user = localStorage.getItem('collab4j-user');
  const firstVisit = !user;
  if (!user) {
    user = 'web-' + Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
    localStorage.setItem('collab4j-user', user);
  }
  $('user-id').textContent = user;
  const rated = JSON.parse(localStorage.getItem('collab4j-rated-' + user) || '{}');

  function filmRow(li, it, extra) {
    const t = document.createElement('span');
    t.className = 'film-title';
    t.textContent = it.title;
    t.dataset.item = it.item;
    t.addEventListener('click', () => showItem(it.item));
    li.appendChild(t);
    if (extra) {
      const s = document.createElement('span');
      s.className = 'score';
      s.textContent = extra;
      li.appendChild(s);
    }
    li.appendChild(stars(it.item));
    li.dataset.item = it.item;
    return li;
  }

  function stars(item) {
    const box = document.createElement('span');
    box.className = 'stars';
    box.dataset.item = item;
    for (let v = 1; v <= 5; v++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = '\u2605';
      b.title = v + (v === 1 ? ' star' : ' stars');
      b.dataset.value = String(v);
      b.className = 'star' + (rated[item] >= v ? ' on' : '');
      b.addEventListener('click', () => rate(item, v));
      box.appendChild(b);
    }
    return box;
  }

  function paintStars(item) {
    document.querySelectorAll('.stars[data-item="' + CSS.escape(item) + '"] button').forEach((b) => {
      b.classList.toggle('on', rated[item] >= Number(b.dataset.value));
    });
  }

  async function rate(item, value) {
    say('');
    const r = await api('POST', '/v1/users/' + encodeURIComponent(user) + '/ratings',
      [{ item, rating: value, time: Math.floor(Date.now() / 1000) }]);
    if (!r.ok) { say((r.data && r.data.error) || ('rating failed: HTTP ' + r.status)); return; }
    rated[item] = value;
    localStorage.setItem('collab4j-rated-' + user, JSON.stringify(rated));
    paintStars(item);
    $('onboarding').hidden = true;
    await loadRecs();
  }

  async function loadRecs() {
    const r = await api('GET', '/v1/users/' + encodeURIComponent(user) + '/recommendations?n=10');
    const list = $('recs');
    list.textContent = '';
    if (r.status === 404) { $('recs-note').textContent = 'Rate a film to get recommendations.'; return; }
    if (!r.ok) { say((r.data && r.data.error) || ('HTTP ' + r.status)); return; }
    $('recs-note').textContent = 'Updated just now from ' + Object.keys(rated).length + ' of your ratings.';
    r.data.items.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it, it.score.toFixed(2))));
    list.dataset.version = String(Number(list.dataset.version || '0') + 1);
  }

  async function search(q) {
    const r = await api('GET', '/v1/items?q=' + encodeURIComponent(q) + '&n=15');
    const list = $('results');
    list.textContent = '';
    if (!r.ok) { say((r.data && r.data.error) || ('HTTP ' + r.status)); return; }
    if (r.data.items.length === 0) { const li = document.createElement('li'); li.textContent = 'No film matches \u201c' + q + '\u201d.'; list.appendChild(li); }
    r.data.items.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it)));
  }

  async function showItem(item) {
    const [d, s] = await Promise.all([
      api('GET', '/v1/items/' + encodeURIComponent(item)),
      api('GET', '/v1/items/' + encodeURIComponent(item) + '/similar?n=10'),
    ]);
    if (!d.ok) { say((d.data && d.data.error) || ('HTTP ' + d.status)); return; }
    $('detail').hidden = false;
    $('detail-title').textContent = d.data.title;
    const g = d.data.genres && d.data.genres.length ? d.data.genres.join(', ') : '';
    $('detail-meta').textContent = [d.data.year, g, d.data.ratings + ' ratings'].filter(Boolean).join(' \u00b7 ');
    const list = $('similar');
    list.textContent = '';
    if (s.ok) s.data.similar.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it, it.similarity.toFixed(2))));
  }

  async function onboarding() {
    const r = await api('GET', '/v1/onboarding?n=10');
    $('onboarding').hidden = false;
    if (!r.ok) {
      $('onboarding-note').textContent = 'Search for a few films you know and rate them to get started.';
      return;
    }
    const list = $('onboarding-items');
    list.textContent = '';
    r.data.items.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it)));
    if (r.data.genres) {
      const box = $('genres');
      const chosen = new Set();
      r.data.genres.forEach((name) => {
        const b = document.createElement('button');
        b.type = 'button'; b.className = 'genre'; b.textContent = name;
        b.addEventListener('click', () => { chosen.has(name) ? chosen.delete(name) : chosen.add(name); b.classList.toggle('on'); $('genres-go').hidden = chosen.size === 0; });
        box.appendChild(b);
      });
      $('genres-go').addEventListener('click', async () => {
        const p = await api('POST', '/v1/users', { user, genres: Array.from(chosen) });
        if (!p.ok) { say((p.data && p.data.error) || ('HTTP ' + p.status)); return; }
        $('onboarding').hidden = true;
        await loadRecs();
      });
    }
  }

  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); const q = $('search').value.trim(); if (q) search(q); });
  $('reset').addEventListener('click', () => { localStorage.removeItem('collab4j-user'); location.reload(); });
  if (firstVisit || Object.keys(rated).length === 0) onboarding();
  loadRecs();
})();
