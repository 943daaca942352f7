/**
 * The page's entry, kept tiny: it lets the boot prompt drawn by index.html reach the screen,
 * then loads the terminal and the views (most of the JavaScript) and starts them.
 */
performance.mark('pop3-lab:script-start');
await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const { start } = await import('./start');
start();

export {};
