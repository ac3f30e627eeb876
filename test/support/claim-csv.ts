/** The columns of the claim report as CSV, in order, as README "As a spreadsheet" lists them (API and CLI). */
export const CLAIM_CSV_HEADERS = [
  'claimId',
  'lineId',
  'dateOfService',
  'medicaidId',
  'billingNpi',
  'renderingNpi',
  'renderingName',
  'procedureCode',
  'modifiers',
  'units',
  'minutes',
  'status',
  'code',
  'severity',
  'citation',
  'message',
  'action',
  'claimStatus',
  'service',
  'recorded',
  'segmentIndex',
  'lineNumber',
];

/** Line 1 of the demo 837's first claim, and the demo therapy line the JSON tests send: the same facts. */
export const OKAFOR_THERAPY_LINE = {
  medicaidId: '400112233',
  billingNpi: '1648123457',
  renderingNpi: '1204784908',
  renderingName: 'Samuel Okafor, LCSW',
  procedureCode: 'H0004',
  units: '4',
  minutes: '60',
};
