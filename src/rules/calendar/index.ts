export * from './holiday-rules';
export * from './business-days';
export * from './illinois';
