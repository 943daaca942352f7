/** Mounts the page: the terminal first, the views around it. */
import { mount } from 'svelte';
import './app.css';
import { app } from './app-state.svelte';
import App from './App.svelte';

export function start(): void {
  // The boot prompt has set these from the same settings already; this keeps them in one place.
  app.applyToDocument();
  const target = document.getElementById('app');
  if (!target) throw new Error('#app is missing from index.html');
  mount(App, { target });
  performance.mark('pop3-lab:mounted');
}
