// launchready monitor: refreshes the page's <main id="content"> every data-refresh seconds (0: never) while the tab is
// visible, by fetching the same URL from this origin and swapping in the new content. Nothing else, no inline code.
(() => {
  const seconds = Number(document.body.dataset.refresh || 0);
  if (!(seconds > 0)) return;
  let busy = false;
  const refresh = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const res = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store', redirect: 'follow', headers: { Accept: 'text/html' } });
      const path = new URL(res.url).pathname;
      if (res.redirected && path === '/login') {
        location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
        return;
      }
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('content');
      const current = document.getElementById('content');
      if (fresh && current) current.replaceWith(document.adoptNode(fresh));
    } catch {
      // offline or the monitor restarted: try again at the next tick
    } finally {
      busy = false;
    }
  };
  setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
})();
