/*
 * Loaded by index.html (async) before the application's bundle has arrived: starts the session
 * refresh, the download of the page's chunks and, on the bare /recommendations page, the first list
 * and facets requests, so that they run while the bundle downloads. The application takes each answer once (app/boot.ts); a request
 * it would make differently (another URL) is simply not used. Runs once per page: the application
 * sets window.__sidhBoot first when it starts before this file (then nothing is sent twice, which
 * matters for the refresh: it rotates the refresh token). `public/`: served as is (CSP 'self').
 */
(function () {
  if (window.__sidhBoot) return;
  var boot = (window.__sidhBoot = {});
  // Every body is read at once, even an error's: an unread body keeps its request open.
  function answer(r) {
    return r.json().then(
      function (body) {
        return { ok: r.ok, body: body };
      },
      function () {
        return { ok: false, body: null };
      },
    );
  }
  var refresh = fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'include', headers: { Accept: 'application/json', 'X-Requested-With': 'sidh' } })
    .then(answer)
    .then(function (a) {
      return a.ok ? a.body : null;
    })
    .catch(function () {
      return null;
    });
  boot.refresh = refresh;
  function likelyLanguage() {
    var supported = ['ar', 'fr', 'en'];
    try {
      var stored = localStorage.getItem('sidh.language');
      if (supported.indexOf(stored) >= 0) return stored;
    } catch (e) {
      /* storage refused: the browser's language decides */
    }
    var languages = navigator.languages || [];
    for (var i = 0; i < languages.length; i += 1) {
      var base = String(languages[i]).slice(0, 2).toLowerCase();
      if (supported.indexOf(base) >= 0) return base;
    }
    return 'ar';
  }
  function preload(rel, href, as) {
    var link = document.createElement('link');
    link.rel = rel;
    link.crossOrigin = '';
    if (as) link.setAttribute('as', as);
    link.href = href;
    document.head.appendChild(link);
  }
  // The start-up strings and the font of the likely language (written in by the build, vite.config.ts
  // routeChunks), chosen by the application's own rule (app/i18n.ts initialLanguage: the stored choice,
  // else the browser's first supported language, else Arabic): fetched now, not once the entry has run.
  var startAssets = {} /* sidh:start-assets */;
  var language = likelyLanguage();
  if (startAssets[language]) {
    preload('modulepreload', startAssets[language].strings);
    preload('preload', startAssets[language].font, 'font');
  }
  // The chunks of this address's page (written in by the build, vite.config.ts routeChunks): fetched
  // now, in parallel with the entry's, instead of once the entry has run.
  var routeChunks = {} /* sidh:route-chunks */;
  (routeChunks[location.pathname] || []).forEach(function (href) {
    preload('modulepreload', href);
  });
  // The login page's name and logo (modules/settings usePublicSettings takes the answer once).
  if (location.pathname === '/login') {
    boot.publicSettings = {
      url: '/api/v1/settings/public',
      response: fetch('/api/v1/settings/public', { headers: { Accept: 'application/json' } })
        .then(answer)
        .catch(function () {
          return null;
        }),
    };
  }
  if (location.pathname !== '/recommendations' || location.search) return;
  // The list's query for an empty search (search-state.ts toApiQuery; boot.spec.ts checks it).
  var queries = { list: '/api/v1/recommendations?sort=-updatedAt&page=1&pageSize=20', facets: '/api/v1/recommendations/facets' };
  Object.keys(queries).forEach(function (name) {
    boot[name] = {
      url: queries[name],
      response: refresh.then(function (s) {
        if (!s || !s.accessToken) return null;
        return fetch(queries[name], { headers: { Accept: 'application/json', Authorization: 'Bearer ' + s.accessToken } })
          .then(answer)
          .catch(function () {
            return null;
          });
      }),
    };
  });
})();
