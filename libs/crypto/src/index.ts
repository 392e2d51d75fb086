export * from './keys';
export * from './sealer';
export * from './blind-index';
export * from './rotation';
