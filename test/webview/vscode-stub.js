// The harness's acquireVsCodeApi: posted messages go to window.__posted, state to window.__state.
window.__posted = [];
window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (message) => window.__posted.push(message),
  getState: () => window.__state,
  setState: (state) => {
    window.__state = state;
  },
});
