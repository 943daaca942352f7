export * from './driver-contract';
export * from './line-reader';
export * from './dot-stuffing';
export * from './text-codec';
export * from './wire-lines';
