// scenes serve: reload this page when its file is rebuilt; show the build's problems over it.
// Added by the preview server to the pages it serves, never written into an export.
(() => {
  const config = /*CONFIG*/{};
  if (window.top !== window || !window.EventSource) return;
  let panel = null;

  function show(problems) {
    if (!problems) {
      if (panel) panel.remove();
      panel = null;
      return;
    }
    if (!panel) {
      panel = document.createElement("scenes-problems");
      const root = panel.attachShadow({ mode: "open" });
      root.innerHTML = `<style>
        :host { all: initial; }
        section { position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh;
          overflow: auto; margin: 0; padding: 0.75rem 1rem 1rem; box-sizing: border-box;
          background: #fff5f5; color: #1a1a1a; border-top: 4px solid #b3001b;
          box-shadow: 0 -2px 12px rgb(0 0 0 / 0.25); font: 15px/1.4 system-ui, sans-serif; }
        h2 { margin: 0 0 0.5rem; font-size: 1rem; color: #8a0015; }
        pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
          font: 14px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
      </style>
      <section role="alert" aria-labelledby="title">
        <h2 id="title">The last change has problems: this is the last good build</h2>
        <pre></pre>
      </section>`;
      document.documentElement.append(panel);
    }
    panel.shadowRoot.querySelector("pre").textContent = problems;
  }

  // Only a visible tab holds a stream: a browser opens at most six connections to one server,
  // and a seventh page would wait for one of them. A tab shown again asks what it missed.
  let events = null;
  function listen() {
    events = new EventSource(config.events);
    events.addEventListener("state", (event) => {
      const state = JSON.parse(event.data);
      const stale = (state.versions[config.file] || 0) > config.version;
      if (stale || state.run !== config.run) {  // rebuilt, or another `scenes serve` now
        events.close();
        location.reload();
        return;
      }
      show(state.problems);
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.hidden && events) {
      events.close();
      events = null;
    } else if (!document.hidden && !events) {
      listen();
    }
  });
  if (!document.hidden) listen();
})();
