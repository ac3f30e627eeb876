/** Feature modules beyond the registry (credentials, program approvals, claims) register here. */
export const FEATURE_MODULES: never[] = [];
