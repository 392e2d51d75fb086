export * from './r4-schema';
