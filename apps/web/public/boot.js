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
  // The chunks of this address's page (written in by the build, vite.config.ts routeChunks): fetched
  // now, in parallel with the entry's, instead of once the entry has run.
  var routeChunks = {} /* sidh:route-chunks */;
  (routeChunks[location.pathname] || []).forEach(function (href) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.appendChild(link);
  });
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
