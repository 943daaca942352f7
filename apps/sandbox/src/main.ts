import { mount } from 'svelte';
performance.mark('pop3-lab:script-start');
import './app.css';
import { app } from './app-state.svelte';
import App from './App.svelte';

// Theme and language before the first paint, so a light-theme user never sees a dark flash.
document.documentElement.dataset.theme = app.settings.theme;
document.documentElement.lang = app.settings.language;

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
performance.mark('pop3-lab:mounted');
