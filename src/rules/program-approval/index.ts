export * from './types';
export * from './events';
export * from './engine';
export * from './readiness';
export { DEADLINE_TABLE, deadlineRuleFor, dueOn, type DeadlineRule, type DeadlinePeriod, type PeriodUnit, type PeriodCounting } from './deadline-table';
export { COMMON_GUARDS, RECORDING_GUARDS, TRANSITIONS, transitionFor, type Guard, type Transition } from './transitions';
