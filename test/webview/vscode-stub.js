// The harness's acquireVsCodeApi: posted messages go to window.__posted; state goes to
// sessionStorage as JSON (as VS Code keeps it), so reloading the page is hiding and showing it.
window.__posted = [];
window.acquireVsCodeApi = () => ({
  postMessage: (message) => window.__posted.push(message),
  getState: () => {
    const saved = window.sessionStorage.getItem("weft-state");
    return saved === null ? undefined : JSON.parse(saved);
  },
  setState: (state) => {
    window.sessionStorage.setItem("weft-state", JSON.stringify(state));
  },
});

// Any Content-Security-Policy violation is a defect: the app must run under the extension's CSP.
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
