export * from './types';
export * from './events';
export * from './engine';
export * from './readiness';
