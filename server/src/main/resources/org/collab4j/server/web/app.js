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
  let statedGenres = JSON.parse(localStorage.getItem('collab4j-genres-' + user) || '[]');
  let statedAbout = JSON.parse(localStorage.getItem('collab4j-about-' + user) || 'null');
  let asksAbout = false; // the model takes user features: new visitors fill in the form, ratings do not start a list
  let implicit = false; // the model learns from events: "I like this" and "add to basket" instead of stars
  const picked = JSON.parse(localStorage.getItem('collab4j-picked-' + user) || '{}'); // item: like or basket, the last button clicked
  // a seed per visitor, so different visitors are asked slightly different first questions
  let seed = 0;
  for (let i = 0; i < user.length; i++) seed = (seed * 31 + user.charCodeAt(i)) | 0;

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
    li.appendChild(implicit ? picks(it.item) : stars(it.item));
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

  // For a model of implicit feedback: two buttons, each posting one event of the item.
  function picks(item) {
    const box = document.createElement('span');
    box.className = 'picks';
    box.dataset.item = item;
    [['like', 'I like this'], ['basket', 'Add to basket']].forEach(([kind, label]) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.kind = kind;
      b.className = 'pick' + (picked[item] === kind ? ' on' : '');
      b.addEventListener('click', () => pick(item, kind));
      box.appendChild(b);
    });
    return box;
  }

  async function pick(item, kind) {
    say('');
    const r = await api('POST', '/v1/users/' + encodeURIComponent(user) + '/events',
      [{ item, weight: 1, time: Math.floor(Date.now() / 1000) }]);
    if (!r.ok) { say((r.data && r.data.error) || ('saving failed: HTTP ' + r.status)); return; }
    picked[item] = kind;
    localStorage.setItem('collab4j-picked-' + user, JSON.stringify(picked));
    document.querySelectorAll('.picks[data-item="' + CSS.escape(item) + '"] button').forEach((b) => {
      b.classList.toggle('on', picked[item] === b.dataset.kind);
    });
    await loadRecs();
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
    $('genre-path').hidden = true; // ratings now say more than genres would
    await loadRecs();
  }

  async function loadRecs() {
    const variety = !implicit && $('variety').checked ? '&diversity=0.5' : '';
    const r = await api('GET', '/v1/users/' + encodeURIComponent(user) + '/recommendations?n=10' + variety);
    const list = $('recs');
    list.textContent = '';
    if (r.status === 404) {
      $('recs-note').textContent = asksAbout ? 'Tell us a little about yourself to get recommendations.'
        : implicit ? 'Search for films and click \u201cI like this\u201d or \u201cAdd to basket\u201d to get recommendations.'
        : 'Rate a film to get recommendations.';
      return r.status;
    }
    if (!r.ok) { say((r.data && r.data.error) || ('HTTP ' + r.status)); return r.status; }
    const n = Object.keys(rated).length;
    const p = Object.keys(picked).length;
    $('recs-note').textContent = implicit ? (p > 0 ? 'Updated just now from the ' + p + ' films you picked' : 'From what you had before')
        + '; what you have is left out (' + r.data.left_out + ').'
      : statedAbout ? 'From what you told us: ' + statedAbout.join(', ') + '.'
      : n > 0 ? 'Updated just now from ' + n + ' of your ratings.'
      : 'Starting from the genres you picked: ' + statedGenres.join(', ') + '. Rate films to refine.';
    r.data.items.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it, it.score.toFixed(2))));
    list.dataset.version = String(Number(list.dataset.version || '0') + 1);
    return r.status;
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

  // A model with user features asks who you are instead: a form built from GET /v1/onboarding's
  // user_features (a select per category, a number input for age, text for a zip code), sent to POST /v1/users.
  function featureForm(fields) {
    asksAbout = true;
    $('onboarding-title').textContent = 'Welcome!';
    $('items-path').hidden = true;
    $('genre-path').hidden = true;
    $('features-path').hidden = false;
    $('recs-note').textContent = 'Tell us a little about yourself to get recommendations.';
    const box = $('features');
    box.textContent = '';
    const inputs = [];
    fields.forEach((f) => {
      const label = document.createElement('label');
      const name = document.createElement('span');
      name.className = 'field-name';
      name.textContent = f.name.charAt(0).toUpperCase() + f.name.slice(1).replace(/_/g, ' ');
      label.appendChild(name);
      let input;
      let hint = '';
      if (f.kind === 'number') {
        input = document.createElement('input');
        input.type = 'number'; input.step = '1';
        if (f.name === 'age') { input.min = '1'; input.max = '120'; }
        input.placeholder = String(Math.round(f.mean));
        hint = 'trained on ' + f.min + ' to ' + f.max;
      } else if (f.name === 'zip') {
        input = document.createElement('input');
        input.type = 'text'; input.maxLength = 16; input.autocomplete = 'off';
        input.placeholder = 'zip code';
        hint = 'first two characters count'; // the model keeps a zip code's region (f.note)
      } else {
        input = document.createElement('select');
        const none = document.createElement('option');
        none.value = ''; none.textContent = '\u2014';
        input.appendChild(none);
        f.values.forEach((v) => { const o = document.createElement('option'); o.value = v; o.textContent = v; input.appendChild(o); });
      }
      input.dataset.field = f.name;
      input.dataset.kind = f.kind;
      input.addEventListener('input', () => { $('features-go').disabled = !inputs.some((x) => x.value.trim() !== ''); });
      input.addEventListener('change', () => { $('features-go').disabled = !inputs.some((x) => x.value.trim() !== ''); });
      label.appendChild(input);
      if (hint) { const h = document.createElement('span'); h.className = 'hint'; h.textContent = hint; label.appendChild(h); }
      box.appendChild(label);
      inputs.push(input);
    });
    $('features-form').onsubmit = async (e) => {
      e.preventDefault();
      say('');
      const body = { id: user };
      inputs.forEach((x) => {
        const v = x.value.trim();
        if (v !== '') body[x.dataset.field] = x.dataset.kind === 'number' ? Number(v) : v;
      });
      const p = await api('POST', '/v1/users', body);
      if (!p.ok) { say((p.data && p.data.error) || ('HTTP ' + p.status)); return; }
      statedAbout = Object.keys(p.data.features).filter((k) => body[k] !== undefined).map((k) => k.replace(/_/g, ' ') + ' ' + body[k]);
      localStorage.setItem('collab4j-about-' + user, JSON.stringify(statedAbout));
      $('onboarding').hidden = true;
      await loadRecs();
    };
  }

  // The two ways to start: rate proposed films, or pick genres (POST /v1/users).
  async function onboarding() {
    const r = await api('GET', '/v1/onboarding?n=10&seed=' + seed);
    $('onboarding').hidden = false;
    if (r.ok && r.data.user_features && r.data.user_features.length) { featureForm(r.data.user_features); return; }
    if (!r.ok) {
      $('items-path').hidden = true;
      $('genre-path').hidden = true;
      $('onboarding-note').textContent = '';
      say('Search for a few films you know and rate them to get started.');
      return;
    }
    const list = $('onboarding-items');
    list.textContent = '';
    r.data.items.forEach((it) => list.appendChild(filmRow(document.createElement('li'), it)));
    const box = $('genres');
    box.textContent = '';
    if (!r.data.genres || r.data.genres.length === 0) { $('genre-path').hidden = true; return; }
    const chosen = new Set();
    r.data.genres.forEach((name) => {
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'genre'; b.textContent = name; b.dataset.genre = name;
      b.addEventListener('click', () => {
        if (chosen.has(name)) chosen.delete(name); else chosen.add(name);
        b.classList.toggle('on', chosen.has(name));
        $('genres-go').disabled = chosen.size === 0;
      });
      box.appendChild(b);
    });
    $('genres-go').onclick = async () => {
      say('');
      const p = await api('POST', '/v1/users', { id: user, genres: Array.from(chosen) });
      if (!p.ok) { say((p.data && p.data.error) || ('HTTP ' + p.status)); return; }
      statedGenres = p.data.genres;
      localStorage.setItem('collab4j-genres-' + user, JSON.stringify(statedGenres));
      $('onboarding').hidden = true;
      await loadRecs();
    };
  }

  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); const q = $('search').value.trim(); if (q) search(q); });
  $('reset').addEventListener('click', () => { localStorage.removeItem('collab4j-user'); location.reload(); });
  $('onboarding-done').addEventListener('click', () => { $('onboarding').hidden = true; });
  $('variety').addEventListener('change', () => loadRecs());
  // A model of implicit feedback has no questions to ask: visitors search and pick films.
  function implicitPage() {
    implicit = true;
    document.body.classList.add('implicit');
    $('variety-box').hidden = true; // diversity re-ranks by item factors, which these models need not have
    $('sub').textContent = 'Pick films you like; recommendations change as you go.';
  }

  // the server is the judge of whether we know this visitor (ratings, events or stated genres survive restarts)
  api('GET', '/health').then((h) => {
    if (h.ok && h.data.implicit) implicitPage();
    return loadRecs();
  }).then((status) => {
    if (implicit) { if (status === 404) say('Search for films you like and pick them to get started.'); return; }
    if (status === 404 || (firstVisit && status !== 200)) onboarding();
  });
})();
