export * from './control-numbers.repository';
