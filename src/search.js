/* nianbao search. Chinese is matched as any substring (words are not separated in Chinese),
   English words by prefix, case-insensitively; sections with every term of the query (in
   either language) come first, then those with only some of them, marked as partial. The index files are loaded only when a visitor searches.
   The matching core has no DOM and is what the tests run under Node. */
(function (global) {
  'use strict';

  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var WORD = /[a-z0-9\u00c0-\u024f]/;

  /* Splits a query into terms: at spaces, and where Chinese meets other scripts. */
  /* Apostrophes of every kind ("Jing'an", "Jing’an") are left out of both the query and
     the text, so "Jingan" finds "Jing’an" too. */
  var APOSTROPHE = /['\u2018\u2019\u02bc\u2032\uff07]/;

  /* The text as it is matched: lowercased, apostrophes dropped, and for each of its
     characters the offset of the character it came from in `text`. */
  function fold(text) {
    var lower = text.toLowerCase();
    var out = '';
    var from = [];
    for (var i = 0; i < lower.length; i++) {
      var c = lower.charAt(i);
      if (APOSTROPHE.test(c)) { continue; }
      out += c;
      from.push(i);
    }
    from.push(lower.length);
    return { text: out, from: from };
  }

  function terms(query) {
    var normal = query.normalize('NFKC').toLowerCase().replace(new RegExp(APOSTROPHE.source, 'g'), '');
    var out = [];
    normal.split(/\s+/).forEach(function (part) {
      var run = '';
      var han = null;
      Array.from(part).forEach(function (c) {
        var isHan = HAN.test(c);
        if (han !== null && isHan !== han && run) { out.push(run); run = ''; }
        han = isHan;
        run += c;
      });
      if (run) { out.push(run); }
    });
    return out.filter(function (t) { return t.replace(/[^\p{L}\p{N}]/gu, '').length > 0; });
  }

  var DIGIT = /[0-9]/;

  /* Whether a number ends at `at`: "17000" is not the start of "170000", nor "17,000" of
     "17,000,000". */
  function numberEnds(lower, at) {
    var next = lower.charAt(at);
    return !DIGIT.test(next) && !((next === ',' || next === '.') && DIGIT.test(lower.charAt(at + 1)));
  }

  /* Where `term` occurs in `lower` (already lowercased): anywhere for Chinese, at the start
     of a word otherwise; a term ending in a digit matches whole numbers only. */
  function occurrences(lower, term) {
    var found = [];
    var han = HAN.test(term);
    var number = DIGIT.test(term.charAt(term.length - 1));
    var at = lower.indexOf(term);
    while (at !== -1) {
      var starts = han || at === 0 || !WORD.test(lower.charAt(at - 1));
      if (starts && (!number || numberEnds(lower, at + term.length))) { found.push(at); }
      at = lower.indexOf(term, at + 1);
    }
    return found;
  }

  /* Where `term` occurs in a folded text, as [start, end) offsets of the original text. */
  function spans(folded, term) {
    return occurrences(folded.text, term).map(function (at) {
      return [folded.from[at], folded.from[at + term.length - 1] + 1];
    });
  }

  function sectionKey(doc) { return doc.url.replace(/^[a-z]+\//, ''); }

  /* How well one document matches: hits per term, and its best chunk. */
  function score(doc, list) {
    var title = fold(doc.title).text;
    var figures = fold(doc.figures).text;
    var perTerm = list.map(function () { return 0; });
    var best = null;
    var bestHits = 0;
    doc.chunks.forEach(function (chunk) {
      var text = fold(chunk.h + ' ' + chunk.t).text;
      var hits = 0;
      list.forEach(function (term, i) {
        var n = occurrences(text, term).length;
        perTerm[i] += n;
        hits += n;
      });
      if (hits > bestHits) { best = chunk; bestHits = hits; }
    });
    list.forEach(function (term, i) {
      perTerm[i] += 5 * occurrences(title, term).length + occurrences(figures, term).length;
    });
    return { doc: doc, perTerm: perTerm, chunk: best, total: perTerm.reduce(function (a, b) { return a + b; }, 0) };
  }

  /* A short piece of text around the first match, as segments marked or not. It starts at
     the start of the text or of a word (of a sentence, when one begins close before the
     match), and ends at the end of a word. */
  function snippet(text, list, size) {
    var folded = fold(text);
    var found = list.map(function (term) { return spans(folded, term); });
    var first = -1;
    found.forEach(function (list) {
      if (list.length && (first === -1 || list[0][0] < first)) { first = list[0][0]; }
    });
    var start = Math.max(0, first - Math.floor(size / 3));
    var end = Math.min(text.length, start + size);
    var word = function (at) { return WORD.test(text.charAt(at).toLowerCase()); };
    if (start > 0) {
      var sentence = text.lastIndexOf('. ', Math.max(first, 0));
      if (sentence !== -1 && sentence + 2 >= start) {
        start = sentence + 2;
      } else {
        while (start < first && word(start - 1) && word(start)) { start += 1; }
        while (start < first && text.charAt(start) === ' ') { start += 1; }
      }
      end = Math.min(text.length, start + size);
    }
    while (end < text.length && end > first + 1 && word(end - 1) && word(end)) { end -= 1; }
    var marks = [];
    found.forEach(function (list) {
      list.forEach(function (m) {
        if (m[0] >= start && m[1] <= end) { marks.push(m); }
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var parts = [];
    var cursor = start;
    marks.forEach(function (m) {
      if (m[0] < cursor) { return; }
      if (m[0] > cursor) { parts.push({ text: text.slice(cursor, m[0]), mark: false }); }
      parts.push({ text: text.slice(m[0], m[1]), mark: true });
      cursor = m[1];
    });
    if (cursor < end) { parts.push({ text: text.slice(cursor, end), mark: false }); }
    if (start > 0) { parts.unshift({ text: '…', mark: false }); }
    if (end < text.length) { parts.push({ text: '…', mark: false }); }
    return parts;
  }

  /* Searches the loaded indexes (by language code) for `query`; results of `lang` first. */
  function search(indexes, query, lang) {
    var list = terms(query);
    if (list.length === 0) { return []; }
    var sections = {};
    var order = [];
    Object.keys(indexes).forEach(function (code) {
      indexes[code].docs.forEach(function (doc) {
        var key = sectionKey(doc);
        if (!sections[key]) { sections[key] = {}; order.push(key); }
        sections[key][code] = score(doc, list);
      });
    });
    var results = [];
    order.forEach(function (key) {
      var versions = sections[key];
      var codes = Object.keys(versions);
      var matched = list.filter(function (term, i) {
        return codes.some(function (code) { return versions[code].perTerm[i] > 0; });
      }).length;
      if (matched === 0) { return; }
      var own = versions[lang] && versions[lang].total > 0 ? versions[lang] : null;
      var shown = own || codes.map(function (c) { return versions[c]; })
        .filter(function (v) { return v.total > 0; })
        .sort(function (a, b) { return b.total - a.total; })[0];
      var chunk = shown.chunk || shown.doc.chunks[0] || { a: '', h: '', t: '' };
      results.push({
        title: shown.doc.title,
        year: shown.doc.year,
        lang: own ? lang : codes.filter(function (c) { return versions[c] === shown; })[0],
        url: shown.doc.url + (chunk.a ? '#' + chunk.a : ''),
        heading: chunk.h,
        snippet: snippet(chunk.t, list, HAN.test(chunk.t) ? 60 : 160),
        score: codes.reduce(function (sum, c) { return sum + versions[c].total; }, 0),
        own: !!own,
        matched: matched,
        partial: matched < list.length
      });
    });
    results.sort(function (a, b) {
      return (b.matched - a.matched) || (b.own - a.own) || (b.score - a.score) || (b.year - a.year);
    });
    return results;
  }

  global.nianbaoSearch = { terms: terms, search: search, snippet: snippet };

  /* The search page: read ?q=, load the indexes, show results, announce their count. */
  if (typeof document === 'undefined') { return; }
  var app = document.getElementById('search-app');
  if (!app) { return; }
  var root = app.getAttribute('data-root') || '';
  var lang = app.getAttribute('data-lang');
  var langs = (app.getAttribute('data-langs') || lang).split(' ');
  var input = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var indexes = {};

  /* Loads the index one year at a time, newest first (one file per language and year),
     calling `step` after each year with whether it was the last. */
  var years = (app.getAttribute('data-years') || '').split(' ').filter(Boolean);
  var loaded = 0;
  var loading = false;
  var onStep = null;
  function load(step) {
    onStep = step;
    if (loaded === years.length) { step(true); return; }
    if (loading) { return; }
    loading = true;
    var year = years[loaded];
    var pending = langs.length;
    langs.forEach(function (code) {
      var script = document.createElement('script');
      script.src = root + 'search/' + code + '/' + year + '.js';
      script.onload = script.onerror = function () {
        pending -= 1;
        if (pending > 0) { return; }
        loaded += 1;
        loading = false;
        indexes = global.nianbaoIndex || {};
        onStep(loaded === years.length);
        if (loaded < years.length) { load(onStep); }
      };
      document.head.appendChild(script);
    });
  }

  function message(name, count) {
    var text = count === 1 && app.getAttribute('data-msg-' + name + '-one');
    return (text || app.getAttribute('data-msg-' + name) || '').replace('{count}', String(count));
  }

  /* The language switch keeps the query: the other language's search page opens on it. */
  function keepInSwitch(query) {
    var links = document.querySelectorAll('a[hreflang], .lang-switch a');
    Array.prototype.forEach.call(links, function (a) {
      var href = a.getAttribute('href').replace(/[?#].*$/, '');
      a.setAttribute('href', query ? href + '?q=' + encodeURIComponent(query) : href);
    });
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query.trim()) { status.textContent = message('hint', 0); return; }
    var results = search(indexes, query, lang);
    results.forEach(function (r) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + r.url;
      link.textContent = r.title;
      if (r.lang !== lang) { link.lang = r.lang === 'zh' ? 'zh-CN' : r.lang; }
      var heading = document.createElement('h2');
      heading.appendChild(link);
      var meta = document.createElement('p');
      meta.className = 'search-meta';
      meta.textContent = r.year + (r.heading ? ' · ' + r.heading : '') +
        (r.partial ? ' · ' + message('partial', r.matched) : '');
      var text = document.createElement('p');
      if (r.lang !== lang) { text.lang = r.lang === 'zh' ? 'zh-CN' : r.lang; }
      r.snippet.forEach(function (part) {
        var node = part.mark ? document.createElement('mark') : document.createTextNode(part.text);
        if (part.mark) { node.textContent = part.text; }
        text.appendChild(node);
      });
      item.appendChild(heading);
      item.appendChild(meta);
      item.appendChild(text);
      list.appendChild(item);
    });
    var full = results.filter(function (r) { return !r.partial; }).length;
    status.textContent = full ? message('results', full) : message('none', 0);
    if (results.length > full) { status.textContent += ' ' + message('partials', results.length - full); }
  }

  var timer = null;
  function update() {
    var query = input.value;
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set('q', query);
      window.history.replaceState(null, '', url.toString());
    }
    keepInSwitch(query);
    load(function () { show(query); });
  }

  app.hidden = false;
  var form = document.getElementById('search-form');
  form.addEventListener('submit', function (event) { event.preventDefault(); update(); });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  var initial = new URLSearchParams(window.location.search).get('q') || '';
  input.value = initial;
  if (initial) { update(); } else { status.textContent = message('hint', 0); }
})(typeof window !== 'undefined' ? window : globalThis);
