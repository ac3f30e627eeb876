import { CALENDAR_FEED_ENTITIES } from './calendar-feed.entities';
import { CLAIM_ENTITIES } from './claims.entities';
import { ENROLLMENT_ENTITIES } from './enrollment.entities';
import { PROGRAM_APPROVAL_ENTITIES } from './program-approval.entities';
import { REGISTRY_ENTITIES } from './registry.entities';
import { SESSION_ENTITIES } from './session.entities';

export * from './calendar-feed.entities';
export * from './claims.entities';
export * from './enrollment.entities';
export * from './program-approval.entities';
export * from './registry.entities';
export * from './session.entities';

export const ALL_ENTITIES = [...REGISTRY_ENTITIES, ...PROGRAM_APPROVAL_ENTITIES, ...CLAIM_ENTITIES, ...CALENDAR_FEED_ENTITIES, ...SESSION_ENTITIES, ...ENROLLMENT_ENTITIES];
