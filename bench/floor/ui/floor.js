// The floor app's script: fetch one value over IPC, show it, and report the first render after paint.

const { invoke } = window.__TAURI__.core;

const text = await invoke('greeting');
document.getElementById('greeting').textContent = text;
requestAnimationFrame(() => requestAnimationFrame(() => {
  invoke('report_first_render').catch(() => {});
}));
