// Node's `buffer` for memfs in the page build: memfs stores file contents as Buffers.
export { Buffer } from 'buffer';
export { Buffer as default } from 'buffer';
