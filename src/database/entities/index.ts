import { REGISTRY_ENTITIES } from './registry.entities';

export * from './registry.entities';

export const ALL_ENTITIES = [...REGISTRY_ENTITIES];
