/** The credential engine of 140.453(b): see engine.ts for the design notes. */
export * from './types';
export { evaluateCredential, tiersOn, PreparedCache } from './engine';
export { rosterExpirations, type RosterEntry, type ExpiringCredential } from './roster';
export { ipPractitionerCheck, ipStaffWarnings, IP_LICENCES, type IpPractitionerCheck } from './independent-practitioner';
export { peerCertificationWindow, isPeerCertified, type PeerCertificationWindow, PEER_WINDOW_CITATIONS } from './peer';
export { experienceCompletes, completionDate, mergePeriods, REQUIREMENTS, type ExperienceRequirement } from './experience';
export { OT_42CFR_NUMBER, MHP_DESIGNATION_CUTOFF, prepare, prescribingLicence, isEmployed, isValidOn, validLicence, type Prepared } from './routes';
