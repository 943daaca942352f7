/**
 * The first prompt, drawn by index.html itself while the page's modules load: the welcome lines
 * and `student@pop3-lab:~$`, with what the user types echoed after it. Keys and pastes are kept
 * and handed to the real terminal, which replays them, so nothing typed early is lost.
 * vite.config.ts inlines this file into index.html with the welcome texts in place of BOOT_TEXTS
 * (see bootTexts in src/boot/boot-texts.ts). Plain script, no imports: it runs before any module.
 */
/* global BOOT_TEXTS */
(function bootPrompt(texts) {
  const root = document.documentElement;
  let settings = {};
  try {
    settings = JSON.parse(localStorage.getItem('pop3-lab.settings') || '{}') || {};
  } catch {
    settings = {};
  }
  const preferred = navigator.languages || [];
  const language =
    settings.language === 'fr' || settings.language === 'en'
      ? settings.language
      : preferred.some((tag) => /^fr/i.test(tag))
        ? 'fr'
        : 'en';
  root.dataset.theme = settings.theme === 'light' ? 'light' : 'dark';
  root.lang = language;
  const size =
    Number.isInteger(settings.fontSize) && settings.fontSize >= 10 && settings.fontSize <= 24
      ? settings.fontSize
      : 14;

  const boot = document.getElementById('boot');
  const screen = document.getElementById('boot-screen');
  if (!boot || !screen) return;
  screen.style.fontSize = `${size}px`;
  const t = texts[language];

  const line = (className, ...parts) => {
    const div = document.createElement('div');
    div.className = `boot-line ${className}`;
    for (const part of parts) div.append(part);
    screen.append(div);
    return div;
  };
  const span = (className, text) => {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  };
  const [before, after] = t.try.split('{command}');
  line('boot-bold', t.title);
  line('', before, span('boot-cyan', 'telnet localhost 110'), after);
  line('boot-dim', t.help);
  line('', '\u00a0');
  let current = line('', span('boot-user', 'student@pop3-lab'), ':', span('boot-path', '~'), '$ ');
  let text = span('', '');
  const cursor = span('boot-cursor', '\u00a0');
  current.append(text, cursor);

  let input = '';
  const newLine = () => {
    cursor.remove();
    current = line('');
    text = span('', '');
    current.append(text, cursor);
  };
  const type = (data) => {
    for (const ch of data) {
      if (ch === '\r') newLine();
      else if (ch === '\x7f') text.textContent = Array.from(text.textContent).slice(0, -1).join('');
      else text.textContent += ch;
    }
    input += data;
  };
  const keydown = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    let data;
    if (event.key === 'Enter') data = '\r';
    else if (event.key === 'Backspace') data = '\x7f';
    else if (event.key.length === 1) data = event.key;
    else return;
    event.preventDefault();
    type(data);
  };
  const paste = (event) => {
    const pasted = event.clipboardData ? event.clipboardData.getData('text') : '';
    if (pasted === '') return;
    event.preventDefault();
    type(pasted.replace(/\r?\n/g, '\r'));
  };
  window.addEventListener('keydown', keydown, true);
  window.addEventListener('paste', paste, true);

  window.pop3labBoot = {
    /** Stops listening and returns what was typed, as xterm.js would have delivered it. */
    take() {
      window.removeEventListener('keydown', keydown, true);
      window.removeEventListener('paste', paste, true);
      return input;
    },
    remove() {
      boot.remove();
    },
  };
  requestAnimationFrame(() => {
    performance.mark('pop3-lab:prompt-ready');
    root.dataset.promptReady = 'true';
  });
})(BOOT_TEXTS);
