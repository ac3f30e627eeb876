/** Every API route is under /api/v1 (health and docs are not). */
export const API_PREFIX = 'api/v1';
